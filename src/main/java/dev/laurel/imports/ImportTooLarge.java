package dev.laurel.imports;

import dev.laurel.platform.Problem;

/** A file over the import's bounds (bytes or lines): 413, nothing imported. */
public final class ImportTooLarge extends Problem {
    public ImportTooLarge(String detail) {
        super(413, "import-too-large", "Import too large", detail);
    }
}
