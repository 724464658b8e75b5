package dev.laurel.ledger.internal;

import dev.laurel.ledger.Actor;
import dev.laurel.ledger.EntryKind;
import java.time.Instant;
import java.util.UUID;

/** A ledger entry to insert. */
public record EntryRow(
        String programId, UUID memberId, int definitionId, long seq, UUID id, UUID transactionId, EntryKind kind,
        String source, long amount, String description, String reference, String partner, Actor actor,
        Instant occurredAt, Instant recordedAt, Instant validFrom, Instant expiresAt, UUID reverses, UUID lotId) {}
