package dev.laurel.platform;

import java.util.Optional;

/**
 * Text Laurel keeps exactly as it was sent, or refuses: PostgreSQL cannot store the NUL character in text
 * (the write would fail). Every JSON string, JSON property name, query and form parameter and program
 * document value is checked against this one rule where it is read.
 */
public final class StorableText {

    private StorableText() {}

    /** What is wrong with {@code text}, worded for a field error; empty when it can be stored as it is. */
    public static Optional<String> problem(String text) {
        if (text.indexOf('\u0000') >= 0) {
            return Optional.of("must not contain the NUL character (U+0000)");
        }
        return Optional.empty();
    }

    /** {@code text} with what cannot be stored written as {@code \\uXXXX}, to name it in an error. */
    public static String printable(String text) {
        return text.replace("\u0000", "\\u0000");
    }
}
