package dev.laurel.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The entries one ledger transaction wrote, published once per transaction (so a listener can write in one batch). */
public record EntriesRecorded(String programId, List<Recorded> entries) {

    public EntriesRecorded {
        entries = List.copyOf(entries);
    }

    public record Recorded(UUID memberId, UUID entryId, int definitionId, EntryKind kind, String source, long amount, Instant occurredAt,
            boolean pending) {}
}
