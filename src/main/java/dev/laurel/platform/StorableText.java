package dev.laurel.platform;

import java.util.Optional;

/**
 * Text Laurel keeps exactly as it was sent, or refuses: PostgreSQL cannot store the NUL character in text
 * (the write would fail), and a lone UTF-16 surrogate has no UTF-8 form (it would be stored as '?', a silent
 * change). Every JSON string, JSON property name, query and form parameter and program document value is
 * checked against this one rule where it is read.
 */
public final class StorableText {

    private StorableText() {}

    /** What is wrong with {@code text}, worded for a field error; empty when it can be stored as it is. */
    public static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return Optional.of("must not contain the NUL character (U+0000)");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format("must not contain a lone surrogate (U+%04X), half of a character without its other half", (int) c));
            }
        }
        return Optional.empty();
    }

    /** {@code text} with what cannot be stored written as {@code \\uXXXX}, to name it in an error. */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (c == '\u0000' || (Character.isSurrogate(c) && !pair)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
                if (pair) {
                    out.append(text.charAt(++i));
                }
            }
        }
        return out.toString();
    }
}
