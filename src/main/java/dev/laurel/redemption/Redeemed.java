package dev.laurel.redemption;

import dev.laurel.ledger.Bucket;
import java.util.List;

/** A reward redeemed: the voucher issued and the expiration buckets its cost was taken from (negative). */
public record Redeemed(Voucher voucher, List<Bucket> impactedBuckets) {

    public Redeemed {
        impactedBuckets = List.copyOf(impactedBuckets);
    }
}
