package dev.laurel.partners;

import dev.laurel.ledger.Bucket;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A partner's award (positive {@code points}) or deduction (negative) as the ledger applied it:
 * the transaction id, a short id to read out on a support call, and the buckets it changed; an award an earning cap
 * cut short says how many of its {@code points} the cap withheld ({@code cappedPoints}) and which cap.
 */
public record PartnerTransaction(
        UUID id,
        String shortId,
        UUID memberId,
        String partner,
        String reference,
        long points,
        Instant createdAt,
        List<Bucket> impactedBuckets,
        long cappedPoints,
        String capReason) {

    public PartnerTransaction {
        impactedBuckets = List.copyOf(impactedBuckets);
    }

    /** A transaction no earning cap cut short. */
    public PartnerTransaction(UUID id, String shortId, UUID memberId, String partner, String reference, long points, Instant createdAt,
            List<Bucket> impactedBuckets) {
        this(id, shortId, memberId, partner, reference, points, createdAt, impactedBuckets, 0, null);
    }

    /** The points the member's balance changed by: an award less what a cap withheld, or the deduction. */
    public long creditedPoints() {
        return points - cappedPoints;
    }
}
