package dev.laurel.imports;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The file formats an import takes, by the media type the upload names. */
public enum ImportFormat {
    /** One JSON object per line (application/x-ndjson, or application/jsonl). */
    NDJSON("application/x-ndjson", "application/jsonl"),
    /** Comma-separated values with a header line naming the columns (text/csv, RFC 4180 quoting). */
    CSV("text/csv");

    private final String[] mediaTypes;

    ImportFormat(String... mediaTypes) {
        this.mediaTypes = mediaTypes;
    }

    /** The format of a Content-Type header (parameters such as charset are ignored). */
    public static Optional<ImportFormat> ofContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> Arrays.asList(f.mediaTypes).contains(type)).findFirst();
    }
}
