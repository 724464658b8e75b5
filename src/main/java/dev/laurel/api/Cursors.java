package dev.laurel.api;

import dev.laurel.platform.Validation;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Function;

/**
 * Paging cursors: opaque to clients, the position of the last item of a page. A cursor is its parts,
 * tagged with what it pages, Base64url-encoded; a cursor from another listing (or garbage) is a 400 on
 * {@code cursor}.
 */
public final class Cursors {

    private static final String SEPARATOR = "|";
    private static final String NOT_A_CURSOR = "is not a cursor this API gave out";

    private Cursors() {}

    public static String encode(String kind, Object... parts) {
        StringBuilder text = new StringBuilder(kind);
        for (Object part : parts) {
            text.append(SEPARATOR).append(part);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code count} parts of a cursor of {@code kind}; null (with an error on {@code cursor}) when it is not one. */
    public static String[] decode(String cursor, String kind, int count, Validation validation) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length == count + 1 && parts[0].equals(kind)) {
                return Arrays.copyOfRange(parts, 1, parts.length);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        validation.add("cursor", NOT_A_CURSOR);
        return null;
    }

    /**
     * The position a cursor of {@code kind} names, made of its {@code count} parts by {@code position}; null when
     * there is no cursor, or (with an error on {@code cursor}) when it is not one.
     */
    public static <T> T position(String cursor, String kind, int count, Validation validation, Function<String[], T> position) {
        String[] parts = cursor == null ? null : decode(cursor, kind, count, validation);
        if (parts == null) {
            return null;
        }
        try {
            return position.apply(parts);
        } catch (RuntimeException e) {
            validation.add("cursor", NOT_A_CURSOR);
            return null;
        }
    }

    /** A page size must be 1 to {@code max}. */
    public static void checkLimit(int limit, int max, Validation validation) {
        if (limit < 1 || limit > max) {
            validation.add("limit", "must be between 1 and " + max);
        }
    }
}
