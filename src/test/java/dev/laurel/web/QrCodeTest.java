package dev.laurel.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The SVG path of a QR code reads back, through ZXing's own decoder, as the text it was made of. */
class QrCodeTest {

    static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");
    static final int PIXELS_PER_MODULE = 4;

    @Test
    void a_voucher_code_drawn_as_a_path_decodes_to_the_code() throws Exception {
        for (String code : new String[] {"K7QM-4XWP-9HRT", "ACME-GIFT-0001", "A".repeat(64)}) {
            QrCode qr = QrCode.of(code);

            assertThat(qr.viewBox()).isEqualTo("0 0 " + qr.size() + " " + qr.size());
            assertThat(decode(qr)).isEqualTo(code);
        }
    }

    @Test
    void the_path_leaves_the_quiet_zone_light() {
        QrCode qr = QrCode.of("K7QM-4XWP-9HRT");
        Matcher run = RUN.matcher(qr.path());
        int runs = 0;
        while (run.find()) {
            runs++;
            int x = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            int length = Integer.parseInt(run.group(3));
            assertThat(run.group(4)).isEqualTo(run.group(3));
            assertThat(x).isGreaterThanOrEqualTo(QrCode.QUIET_ZONE_MODULES);
            assertThat(y).isBetween(QrCode.QUIET_ZONE_MODULES, qr.size() - QrCode.QUIET_ZONE_MODULES - 1);
            assertThat(x + length).isLessThanOrEqualTo(qr.size() - QrCode.QUIET_ZONE_MODULES);
        }
        assertThat(runs).isPositive();
        assertThat(RUN.matcher(qr.path()).replaceAll("")).isEmpty();
    }

    @Test
    void an_empty_or_overlong_text_is_refused() {
        assertThatThrownBy(() -> QrCode.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QrCode.of("A".repeat(QrCode.TEXT_CHARS_MAX + 1))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Paints the path's runs black on white, as a browser would, and reads the picture with ZXing's QR reader. */
    private static String decode(QrCode qr) throws Exception {
        int side = qr.size() * PIXELS_PER_MODULE;
        int[] pixels = new int[side * side];
        Arrays.fill(pixels, 0xFFFFFF);
        Matcher run = RUN.matcher(qr.path());
        while (run.find()) {
            int x = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            int length = Integer.parseInt(run.group(3));
            for (int py = y * PIXELS_PER_MODULE; py < (y + 1) * PIXELS_PER_MODULE; py++) {
                Arrays.fill(pixels, py * side + x * PIXELS_PER_MODULE, py * side + (x + length) * PIXELS_PER_MODULE, 0x000000);
            }
        }
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(side, side, pixels)))).getText();
    }
}
