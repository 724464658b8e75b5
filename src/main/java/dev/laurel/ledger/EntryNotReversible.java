package dev.laurel.ledger;

import dev.laurel.platform.Problem;

/** An entry that cannot be reversed (an expiry, a reversal, or one already fully reversed), or not by that much. */
public final class EntryNotReversible extends Problem {
    public EntryNotReversible(String detail) {
        super(409, "not-reversible", "Entry cannot be reversed", detail);
    }
}
