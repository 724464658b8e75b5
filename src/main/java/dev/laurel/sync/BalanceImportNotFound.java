package dev.laurel.sync;

import dev.laurel.platform.Problem;

public final class BalanceImportNotFound extends Problem {
    public BalanceImportNotFound(String id) {
        super(404, "balance-import-not-found", "Balance import not found", "No balance import '" + id + "' in this program.");
    }
}
