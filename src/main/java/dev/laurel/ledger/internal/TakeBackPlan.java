package dev.laurel.ledger.internal;

/**
 * How a take-back of an earning splits, decided from what became of its lot (a pure function): first what the lot
 * still holds ({@code fromLot}), then what the member spent of it and no earlier take-back recovered ({@code fromSpent},
 * which the caller takes from the balance), last what expired and no earlier take-back counted ({@code expired},
 * not taken again).
 */
record TakeBackPlan(long fromLot, long fromSpent, long expired) {

    /**
     * @param take points to take back, at most what is still open of the earning
     * @param original the lot's original points (the earning's amount)
     * @param remaining what the lot holds now (0 once expired)
     * @param expiredOfLot what the lot lost to expiry, in all
     * @param f the earlier reversals and take-backs of the earning ({@code f.expiredOfLot()} is not used: see
     *        {@code expiredOfLot}, which may count an expiry not yet written)
     */
    static TakeBackPlan of(long take, long original, long remaining, long expiredOfLot, TakeBackFigures f) {
        if (take <= 0) {
            throw new IllegalArgumentException("a take-back takes more than 0 points, not " + take);
        }
        // Spent: what left the lot other than by expiry or by this earning's own reversals (spends, holds, debt it paid).
        long spent = original - remaining - expiredOfLot - f.fromLotByReversals();
        long fromBalanceBefore = f.reversed() - f.fromLotByReversals();
        long spentOpen = Math.max(0, spent - fromBalanceBefore - f.notRecovered());
        long expiredOpen = Math.max(0, expiredOfLot - f.expiredSettled());
        long fromLot = Math.min(take, remaining);
        long fromSpent = Math.min(take - fromLot, spentOpen);
        long expired = Math.min(take - fromLot - fromSpent, expiredOpen);
        if (fromLot + fromSpent + expired != take) {
            throw new IllegalStateException("the earning's lot accounts for " + (fromLot + fromSpent + expired) + " of the " + take
                    + " points to take back (remaining " + remaining + ", spent open " + spentOpen + ", expired open " + expiredOpen + ")");
        }
        return new TakeBackPlan(fromLot, fromSpent, expired);
    }
}
