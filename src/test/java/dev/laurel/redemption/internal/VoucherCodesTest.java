package dev.laurel.redemption.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Generated voucher codes: readable aloud, without look-alikes, and not repeating. */
class VoucherCodesTest {

    @Test
    void the_alphabet_has_no_look_alike_characters() {
        for (char c : "0O1IL2Z5S8B".toCharArray()) {
            assertThat(VoucherCodes.ALPHABET).doesNotContain(String.valueOf(c));
        }
        assertThat(VoucherCodes.ALPHABET.chars().distinct().count()).isEqualTo(VoucherCodes.ALPHABET.length()).isEqualTo(25);
    }

    @Test
    void a_code_is_three_groups_of_four_symbols_of_the_alphabet() {
        VoucherCodes codes = new VoucherCodes();
        Set<String> seen = new HashSet<>();
        Set<Character> used = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String code = codes.next();
            assertThat(code).matches("[" + VoucherCodes.ALPHABET + "]{4}-[" + VoucherCodes.ALPHABET + "]{4}-[" + VoucherCodes.ALPHABET + "]{4}");
            seen.add(code);
            code.chars().filter(c -> c != '-').forEach(c -> used.add((char) c));
        }
        // 25^12 codes: 20,000 draws repeat one with a probability of about 3 in a billion.
        assertThat(seen).hasSize(20_000);
        assertThat(used).hasSize(VoucherCodes.ALPHABET.length());
    }

    @Test
    void a_code_is_looked_up_trimmed_and_in_upper_case() {
        assertThat(VoucherCodes.normalize("  acde-fghj-kmnp ")).isEqualTo("ACDE-FGHJ-KMNP");
        assertThat(VoucherCodes.UPLOADED.matcher("GIFT-0001").matches()).isTrue();
        assertThat(VoucherCodes.UPLOADED.matcher("-GIFT").matches()).isFalse();
        assertThat(VoucherCodes.UPLOADED.matcher("ABC").matches()).isFalse();
        assertThat(VoucherCodes.UPLOADED.matcher("A".repeat(64)).matches()).isTrue();
        assertThat(VoucherCodes.UPLOADED.matcher("A".repeat(65)).matches()).isFalse();
    }
}
