package dev.laurel.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Entries written together, in the order of the postings that asked for them. */
public record LedgerTransaction(UUID id, Instant recordedAt, List<PostedEntry> entries) {

    public LedgerTransaction {
        entries = List.copyOf(entries);
    }
}
