package dev.laurel.ledger;

import java.time.Instant;
import java.util.UUID;

/**
 * Points held at the till: taken from the member's active lots (earliest-expiring first) by the {@code HOLD} entry
 * {@code entryId}, out of the spendable balance until captured or voided. {@code captured} is set once
 * {@code CLAIMED}; {@code releaseEntryId} is the {@code RELEASE} entry that gave points back (none when all were
 * captured); {@code expired} when the sweep voided it because it was not captured before {@code expiresAt}.
 */
public record Hold(
        UUID id,
        UUID memberId,
        int definitionId,
        long points,
        HoldStatus status,
        Long captured,
        boolean expired,
        String reference,
        String description,
        Instant createdAt,
        Instant expiresAt,
        Instant closedAt,
        UUID entryId,
        UUID releaseEntryId) {

    /** The points given back to the member: none while pending, the uncaptured rest once claimed, all once void. */
    public long released() {
        return switch (status) {
            case PENDING -> 0;
            case CLAIMED -> points - captured;
            case VOID -> points;
        };
    }
}
