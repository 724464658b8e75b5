package dev.laurel.imports.internal;

import java.util.ArrayList;
import java.util.List;

/** One CSV line's values, by RFC 4180: comma-separated, a value in double quotes may hold commas and doubled quotes. */
public final class Csv {

    private Csv() {}

    /** The values of a line; {@link IllegalArgumentException} with the reason when its quotes do not close. */
    public static List<String> values(String line) {
        List<String> values = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            value.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("a quoted value is not closed (a value cannot span lines)");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            value.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        value.append(c);
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("a quoted value is followed by text before the next comma");
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        throw new IllegalArgumentException("a value with a double quote must be quoted, the quote doubled");
                    }
                    value.append(c);
                }
            }
            values.add(value.toString());
            if (i >= n) {
                return values;
            }
            i++;
        }
    }
}
