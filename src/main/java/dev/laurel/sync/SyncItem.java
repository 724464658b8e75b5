package dev.laurel.sync;

import java.time.Instant;

/**
 * One item of an Engage sync request, as sent: {@code contactId} is kept as text (it may not even be
 * a UUID, as the seed's own example shows), the rest typed.
 */
public record SyncItem(String contactId, long amount, int definitionId, Instant timeStamp, String source, String description,
        Instant validFrom, Instant validTo) {

    /**
     * The largest amount (either sign) a sync item may carry, as for native adjustments: larger ones
     * would overflow an account's totals, so they are refused when sent rather than failing when applied.
     */
    public static final long AMOUNT_MAX = 1_000_000_000_000L;

    /** The problem with this item's amount, or null; {@code zeroAllowed} for balances, which may be zero. */
    String amountProblem(boolean zeroAllowed) {
        if (amount == 0 && !zeroAllowed) {
            return "must not be zero";
        }
        if (amount < -AMOUNT_MAX || amount > AMOUNT_MAX) {
            return "must be between -" + AMOUNT_MAX + " and " + AMOUNT_MAX + " (was " + amount + ")";
        }
        return null;
    }
}
