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

    /** One entry; {@code cappedPoints} and {@code capReason}: what an earning cap withheld from it (0 and null when nothing). */
    public record Recorded(UUID memberId, UUID transactionId, UUID entryId, int definitionId, EntryKind kind, String source, long amount, Instant occurredAt,
            boolean pending, long cappedPoints, String capReason) {

        public Recorded(UUID memberId, UUID transactionId, UUID entryId, int definitionId, EntryKind kind, String source, long amount,
                Instant occurredAt, boolean pending) {
            this(memberId, transactionId, entryId, definitionId, kind, source, amount, occurredAt, pending, 0, null);
        }
    }
}
