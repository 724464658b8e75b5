package dev.laurel.web;

import com.google.zxing.oned.Code128Writer;

/**
 * A card number as a Code 128 barcode for a page to draw as inline SVG: ZXing encodes it (one boolean per module), and
 * each run of dark modules becomes one bar of an SVG path in a {@code width} by {@link #HEIGHT_MODULES} box, with the
 * light quiet zone a till's scanner needs on either side.
 */
record Barcode(int width, String viewBox, String path) {

    /** The light margin on each side, in modules: Code 128 asks for at least ten. */
    static final int QUIET_ZONE_MODULES = 10;
    /** How tall the bars are, in modules (about a quarter of a typical card number's width, as printed cards have it). */
    static final int HEIGHT_MODULES = 50;
    /** Longer than any card number; Code 128 itself takes at most 80 characters. */
    static final int TEXT_CHARS_MAX = 80;

    static Barcode of(String text) {
        if (text.isEmpty() || text.length() > TEXT_CHARS_MAX) {
            throw new IllegalArgumentException("a barcode text is 1 to " + TEXT_CHARS_MAX + " characters");
        }
        boolean[] modules;
        try {
            modules = new Code128Writer().encode(text);
        } catch (IllegalArgumentException e) {
            // Code 128 covers ASCII only: a card number outside it is a program's data, not a broken invariant, so say so.
            throw new IllegalArgumentException("a Code 128 barcode takes ASCII characters only", e);
        }
        StringBuilder path = new StringBuilder();
        int x = 0;
        while (x < modules.length) {
            if (!modules[x]) {
                x++;
                continue;
            }
            int start = x;
            while (x < modules.length && modules[x]) {
                x++;
            }
            path.append('M').append(QUIET_ZONE_MODULES + start).append(" 0h").append(x - start).append('v').append(HEIGHT_MODULES)
                    .append('h').append(-(x - start)).append('z');
        }
        int width = modules.length + 2 * QUIET_ZONE_MODULES;
        return new Barcode(width, "0 0 " + width + " " + HEIGHT_MODULES, path.toString());
    }

    /** Whether {@code text} can be drawn: printable ASCII of a card number's length. */
    static boolean drawable(String text) {
        return text != null && !text.isEmpty() && text.length() <= TEXT_CHARS_MAX && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
