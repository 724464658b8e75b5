package dev.laurel.earning;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a purchase earned, per definition, and when each becomes available; {@code breakdown} says why, line by line (one
 * line for the whole amount when the purchase had no items): the rule that applied and the points it earned.
 */
public record PurchaseReceipt(String orderId, UUID memberId, BigDecimal amount, String currency, Instant occurredAt, List<Earned> earned,
        long bonusPointsEarned,
        List<EarnedLine> breakdown) {

    public PurchaseReceipt {
        earned = List.copyOf(earned);
        breakdown = List.copyOf(breakdown);
    }

    /**
     * Points earned on one definition (and {@code bonusPoints} on top, from a campaign's multiplier):
     * pending until {@code availableAt} when the definition has escrow.
     */
    public record Earned(int definitionId, String name, long points, long bonusPoints, boolean pending, Instant availableAt, UUID entryId) {}
}
