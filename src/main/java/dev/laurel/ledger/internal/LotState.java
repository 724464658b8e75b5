package dev.laurel.ledger.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/** A lot as loaded (or created) in one transaction; {@code dirty} when it must be written back. */
public final class LotState {

    /** Spending order: earliest expiry first (never-expiring last), oldest first among equals. */
    public static final Comparator<LotState> SPENDING_ORDER = Comparator
            .comparing((LotState l) -> l.expiresAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(l -> l.earnedAt)
            .thenComparing(l -> l.id);

    public final UUID id;
    public final UUID memberId;
    public final UUID entryId;
    public final int definitionId;
    public final long original;
    public long remaining;
    public LotStatus status;
    public final Instant earnedAt;
    public final Instant validFrom;
    public final Instant expiresAt;
    public final boolean created;
    public boolean dirty;

    public LotState(UUID id, UUID memberId, UUID entryId, int definitionId, long original, long remaining, LotStatus status, Instant earnedAt,
            Instant validFrom, Instant expiresAt, boolean created) {
        this.id = id;
        this.memberId = memberId;
        this.entryId = entryId;
        this.definitionId = definitionId;
        this.original = original;
        this.remaining = remaining;
        this.status = status;
        this.earnedAt = earnedAt;
        this.validFrom = validFrom;
        this.expiresAt = expiresAt;
        this.created = created;
    }

    public boolean active() {
        return status == LotStatus.ACTIVE;
    }

    public boolean pending() {
        return status == LotStatus.PENDING;
    }

    public void take(long amount) {
        if (amount <= 0 || amount > remaining) {
            throw new IllegalStateException("lot " + id + " cannot give " + amount + " of " + remaining);
        }
        remaining -= amount;
        dirty = true;
    }

    public void giveBack(long amount) {
        if (amount <= 0 || remaining + amount > original) {
            throw new IllegalStateException("lot " + id + " cannot take back " + amount + " (remaining " + remaining + " of " + original + ")");
        }
        remaining += amount;
        dirty = true;
    }
}
