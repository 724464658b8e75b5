package dev.laurel.imports.internal;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads a file line by line (LF or CRLF), never holding more than {@code charsMax} characters of one line: the rest of a
 * longer line is skipped and the line is reported as {@link #TOO_LONG}.
 */
public final class LineReader {

    /** What {@link #next} answers for a line over the bound. */
    public static final String TOO_LONG = "\u0000too long";

    private final Reader in;
    private final int charsMax;
    private final StringBuilder line = new StringBuilder();
    private int number;
    private boolean ended;

    public LineReader(Reader in, int charsMax) {
        this.in = in;
        this.charsMax = charsMax;
    }

    /** The number of the line {@link #next} answered last (1 is the first). */
    public int number() {
        return number;
    }

    /** The next line without its line break, {@link #TOO_LONG}, or null at the end of the file. */
    public String next() throws IOException {
        if (ended) {
            return null;
        }
        line.setLength(0);
        boolean tooLong = false;
        boolean any = false;
        int c;
        while ((c = in.read()) >= 0) {
            any = true;
            if (c == '\n') {
                break;
            }
            if (line.length() < charsMax) {
                line.append((char) c);
            } else {
                tooLong = true;
            }
        }
        if (c < 0) {
            ended = true;
            if (!any) {
                return null;
            }
        }
        number++;
        if (tooLong) {
            return TOO_LONG;
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return line.toString();
    }
}
