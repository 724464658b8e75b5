package dev.laurel.ledger;

import java.time.Instant;
import java.util.UUID;

/**
 * An immutable ledger entry. {@code pending} is true while the points it earned (or, for a
 * reversal of an earning, took back) are still waiting for their {@code validFrom}.
 */
public record Entry(
        UUID id,
        UUID transactionId,
        UUID memberId,
        int definitionId,
        long seq,
        EntryKind kind,
        String source,
        long amount,
        String description,
        String reference,
        String partner,
        Actor actor,
        Instant occurredAt,
        Instant recordedAt,
        Instant validFrom,
        Instant expiresAt,
        UUID reverses,
        boolean pending) {}
