package dev.laurel.redemption.internal;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Voucher codes Laurel makes: 12 symbols from {@link #ALPHABET} by {@link SecureRandom} (25^12, about 2^55.7, so a
 * code cannot be guessed), in three groups of four to read aloud: {@code XXXX-XXXX-XXXX}. The alphabet leaves out the
 * look-alikes 0/O, 1/I/L, 2/Z, 5/S and 8/B.
 */
public final class VoucherCodes {

    public static final String ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
    public static final int GROUPS = 3;
    public static final int GROUP_CHARS = 4;
    /** A code an operator uploads: letters, digits and '-', 4 to 64 of them (upper case once normalized). */
    public static final Pattern UPLOADED = Pattern.compile("[A-Z0-9][A-Z0-9-]{2,62}[A-Z0-9]");

    private final SecureRandom random = new SecureRandom();

    public String next() {
        StringBuilder code = new StringBuilder(GROUPS * (GROUP_CHARS + 1));
        for (int g = 0; g < GROUPS; g++) {
            if (g > 0) {
                code.append('-');
            }
            for (int i = 0; i < GROUP_CHARS; i++) {
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        return code.toString();
    }

    /** A code as stored and looked up: trimmed, upper case (a till may type it in either case). */
    public static String normalize(String code) {
        return code.strip().toUpperCase(Locale.ROOT);
    }
}
