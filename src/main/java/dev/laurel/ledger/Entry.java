package dev.laurel.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * An immutable ledger entry. {@code pending} is true while the points it earned (or, for a
 * reversal of an earning, took back) are still waiting for their {@code validFrom}. An earning a
 * cap cut short says how many points the cap withheld ({@code cappedPoints}) and which cap
 * ({@code capReason}); {@code amount} is what was credited (0 when the cap withheld it all).
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
        boolean pending,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long cappedPoints,
        @JsonInclude(JsonInclude.Include.NON_NULL) String capReason) {

    /** An entry no cap touched. */
    public Entry(UUID id, UUID transactionId, UUID memberId, int definitionId, long seq, EntryKind kind, String source, long amount,
            String description, String reference, String partner, Actor actor, Instant occurredAt, Instant recordedAt, Instant validFrom,
            Instant expiresAt, UUID reverses, boolean pending) {
        this(id, transactionId, memberId, definitionId, seq, kind, source, amount, description, reference, partner, actor, occurredAt,
                recordedAt, validFrom, expiresAt, reverses, pending, null, null);
    }
}
