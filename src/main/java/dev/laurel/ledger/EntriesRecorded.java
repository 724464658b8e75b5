package dev.laurel.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The entries one database transaction wrote, published once per database transaction (so a listener can write in one
 * batch): one ledger transaction's, or several of them when a group commit combined postings ({@code transactionId}
 * tells them apart).
 */
public record EntriesRecorded(String programId, List<Recorded> entries) {

    public EntriesRecorded {
        entries = List.copyOf(entries);
    }

    public record Recorded(UUID memberId, UUID transactionId, UUID entryId, int definitionId, EntryKind kind, String source, long amount, Instant occurredAt,
            boolean pending) {}
}
