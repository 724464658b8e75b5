package dev.laurel.ledger;

import dev.laurel.platform.Problem;

public final class EntryNotFound extends Problem {
    public EntryNotFound(String entryId) {
        super(404, "entry-not-found", "Entry not found", "No ledger entry '" + entryId + "' for this member.");
    }
}
