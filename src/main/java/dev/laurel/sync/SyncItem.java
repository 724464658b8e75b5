package dev.laurel.sync;

import dev.laurel.earning.Adjustments;
import dev.laurel.platform.CanonicalUuid;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

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
    public static final long AMOUNT_MAX = Adjustments.AMOUNT_MAX;

    /**
     * The longest {@code contactId} read: longer than a UUID's 36 characters, so that the sync can say what is wrong with
     * one that is not a contact id (the seed's own example has 37); anything longer is refused as it is read.
     */
    public static final int CONTACT_ID_CHARS_MAX = 100;

    public static final int DESCRIPTION_CHARS_MAX = 1000;

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

    /** The member a contact id names: a UUID written out in its 36 characters; empty for anything else. */
    static Optional<UUID> contact(Object contactId) {
        if (!(contactId instanceof String text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(CanonicalUuid.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
