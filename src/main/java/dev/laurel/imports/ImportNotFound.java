package dev.laurel.imports;

import dev.laurel.platform.Problem;

/** No such import in the caller's program. */
public final class ImportNotFound extends Problem {
    public ImportNotFound(String id) {
        super(404, "import-not-found", "Import not found", "No import '" + id + "' in this program.");
    }
}
