package dev.laurel.ledger.internal;

import dev.laurel.ledger.Actor;
import dev.laurel.ledger.EntryKind;
import java.time.Instant;
import java.util.UUID;

/** A ledger entry to insert; {@code cappedPoints} and {@code capReason}: what a cap withheld from an earning, and which cap. */
public record EntryRow(
        String programId, UUID memberId, int definitionId, long seq, UUID id, UUID transactionId, EntryKind kind,
        String source, long amount, String description, String reference, String partner, Actor actor,
        Instant occurredAt, Instant recordedAt, Instant validFrom, Instant expiresAt, UUID reverses, UUID lotId,
        long cappedPoints, String capReason) {

    /** An entry no cap touched. */
    public EntryRow(String programId, UUID memberId, int definitionId, long seq, UUID id, UUID transactionId, EntryKind kind,
            String source, long amount, String description, String reference, String partner, Actor actor,
            Instant occurredAt, Instant recordedAt, Instant validFrom, Instant expiresAt, UUID reverses, UUID lotId) {
        this(programId, memberId, definitionId, seq, id, transactionId, kind, source, amount, description, reference, partner, actor,
                occurredAt, recordedAt, validFrom, expiresAt, reverses, lotId, 0, null);
    }
}
