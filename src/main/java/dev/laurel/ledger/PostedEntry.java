package dev.laurel.ledger;

import java.util.List;

/** An entry the ledger wrote, with the expiration buckets it changed: the lot it created, or those it took from (negative). */
public record PostedEntry(Entry entry, List<Bucket> impactedBuckets) {

    public PostedEntry {
        impactedBuckets = List.copyOf(impactedBuckets);
    }
}
