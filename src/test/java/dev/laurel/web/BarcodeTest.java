package dev.laurel.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.oned.Code128Reader;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The SVG path of a card's barcode reads back, through ZXing's own Code 128 decoder, as the card number it was made of. */
class BarcodeTest {

    static final Pattern BAR = Pattern.compile("M(\\d+) 0h(\\d+)v(\\d+)h-(\\d+)z");
    static final int PIXELS_PER_MODULE = 3;

    @Test
    void a_card_number_drawn_as_bars_decodes_to_the_number() throws Exception {
        for (String number : new String[] {"4000123", "ZTEST002", "ACME-0000-1234-5678", "9".repeat(40)}) {
            Barcode barcode = Barcode.of(number);

            assertThat(barcode.viewBox()).isEqualTo("0 0 " + barcode.width() + " " + Barcode.HEIGHT_MODULES);
            assertThat(decode(barcode)).isEqualTo(number);
        }
    }

    @Test
    void the_bars_leave_the_quiet_zones_light_and_are_the_whole_path() {
        Barcode barcode = Barcode.of("4000123");
        Matcher bar = BAR.matcher(barcode.path());
        int bars = 0;
        while (bar.find()) {
            bars++;
            int x = Integer.parseInt(bar.group(1));
            assertThat(bar.group(4)).isEqualTo(bar.group(2));
            assertThat(x).isGreaterThanOrEqualTo(Barcode.QUIET_ZONE_MODULES);
            assertThat(x + Integer.parseInt(bar.group(2))).isLessThanOrEqualTo(barcode.width() - Barcode.QUIET_ZONE_MODULES);
        }
        assertThat(bars).isPositive();
        assertThat(BAR.matcher(barcode.path()).replaceAll("")).isEmpty();
    }

    @Test
    void only_printable_ascii_of_a_card_numbers_length_is_drawn() {
        assertThat(Barcode.drawable("4000123")).isTrue();
        assertThat(Barcode.drawable("kort-åäö")).isFalse();
        assertThat(Barcode.drawable("")).isFalse();
        assertThat(Barcode.drawable(null)).isFalse();
        assertThat(Barcode.drawable("1".repeat(Barcode.TEXT_CHARS_MAX + 1))).isFalse();
        assertThatThrownBy(() -> Barcode.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Barcode.of("kort-åäö")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Paints the bars into pixels, as a camera at a till would see them, and has ZXing read them. */
    private static String decode(Barcode barcode) throws Exception {
        int width = barcode.width() * PIXELS_PER_MODULE;
        int height = 20;
        int[] pixels = new int[width * height];
        Arrays.fill(pixels, 0xFFFFFFFF);
        Matcher bar = BAR.matcher(barcode.path());
        while (bar.find()) {
            int x = Integer.parseInt(bar.group(1)) * PIXELS_PER_MODULE;
            int w = Integer.parseInt(bar.group(2)) * PIXELS_PER_MODULE;
            for (int y = 0; y < height; y++) {
                Arrays.fill(pixels, y * width + x, y * width + x + w, 0xFF000000);
            }
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
        return new Code128Reader().decode(bitmap).getText();
    }
}
