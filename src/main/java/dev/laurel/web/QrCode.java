package dev.laurel.web;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * A text as a QR code for a page to draw as inline SVG: ZXing encodes it (one matrix cell per module), and the dark
 * modules become one SVG path, a rectangle per run of dark modules in a row, in a {@code size} by {@code size} box.
 */
record QrCode(int size, String viewBox, String path) {

    /** The light border around the symbol, in modules, that scanners need to find it. */
    static final int QUIET_ZONE_MODULES = 4;
    /** Longer than any voucher code (64 characters at most); a longer text is refused before it is encoded. */
    static final int TEXT_CHARS_MAX = 200;

    static QrCode of(String text) {
        if (text.isEmpty() || text.length() > TEXT_CHARS_MAX) {
            throw new IllegalArgumentException("a QR code text is 1 to " + TEXT_CHARS_MAX + " characters");
        }
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.MARGIN, QUIET_ZONE_MODULES, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M));
        } catch (WriterException e) {
            throw new IllegalStateException("a text of " + text.length() + " characters fits a QR code", e);
        }
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            int x = 0;
            while (x < matrix.getWidth()) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < matrix.getWidth() && matrix.get(x, y)) {
                    x++;
                }
                path.append('M').append(start).append(' ').append(y).append('h').append(x - start).append("v1h-").append(x - start).append('z');
            }
        }
        int size = matrix.getWidth();
        return new QrCode(size, "0 0 " + size + " " + size, path.toString());
    }
}
