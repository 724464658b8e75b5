package dev.laurel.ledger;

/**
 * Where a take-back of an earning (a return) found its points, in this order: {@code fromLot}, still in the earning's
 * own lot (pending when {@code lotPending}); then, for the part the member had already spent, {@code fromBalance},
 * taken from their other active points, and {@code asDebt}, owed (a balance below zero) where the definition allows
 * it, else {@code notRecovered}; last {@code expired}, points of the earning that had expired, not taken again.
 * {@code entry} is the {@code REVERSAL} entry of what was taken, null when nothing was (all expired or not recovered).
 */
public record TakeBack(PostedEntry entry, long fromLot, boolean lotPending, long fromBalance, long asDebt, long expired,
        long notRecovered) {

    /** The points taken from the member: the entry's amount, negated. */
    public long taken() {
        return fromLot + fromBalance + asDebt;
    }

    /** The points of the earning this take-back settled: taken, expired and not recovered together. */
    public long settled() {
        return taken() + expired + notRecovered;
    }
}
