package dev.laurel.partners;

import dev.laurel.ledger.Bucket;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A partner's award (positive {@code points}) or deduction (negative) as the ledger applied it:
 * the transaction id, a short id to read out on a support call, and the buckets it changed.
 */
public record PartnerTransaction(
        UUID id,
        String shortId,
        UUID memberId,
        String partner,
        String reference,
        long points,
        Instant createdAt,
        List<Bucket> impactedBuckets) {

    public PartnerTransaction {
        impactedBuckets = List.copyOf(impactedBuckets);
    }
}
