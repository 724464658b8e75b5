package dev.laurel.ledger;

import dev.laurel.platform.Problem;

public final class HoldNotFound extends Problem {
    public HoldNotFound(String holdId) {
        super(404, "hold-not-found", "Hold not found", "No hold '" + holdId + "' in this program.");
    }
}
