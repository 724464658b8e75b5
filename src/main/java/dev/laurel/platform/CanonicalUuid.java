package dev.laurel.platform;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one way Laurel reads a UUID it is sent (path variables, query values, JSON fields, cursors): only its
 * canonical 36-character form, 8-4-4-4-12 hexadecimal digits (either case). {@code UUID.fromString} also takes
 * {@code 1-2-3-4-5} and over-long groups it silently cuts, so two spellings could name one member.
 */
public final class CanonicalUuid {

    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private CanonicalUuid() {}

    /** The UUID {@code text} writes out; {@link IllegalArgumentException} for anything but the canonical form. */
    public static UUID parse(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            throw new IllegalArgumentException("not a UUID in its canonical form (8-4-4-4-12 hexadecimal digits): " + text);
        }
        return UUID.fromString(text);
    }
}
