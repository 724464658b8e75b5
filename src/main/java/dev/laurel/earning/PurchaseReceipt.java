package dev.laurel.earning;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a purchase earned, per definition, and when each becomes available; {@code tierBonus} is what the member's tier
 * level's earning multiplier did (null when their level has none); {@code breakdown} says why, line by line (one line
 * for the whole amount when the purchase had no items): the rule that applied and the points it earned.
 */
public record PurchaseReceipt(String orderId, UUID memberId, BigDecimal amount, String currency, Instant occurredAt, List<Earned> earned,
        long bonusPointsEarned, TierBonus tierBonus, List<EarnedLine> breakdown) {

    public PurchaseReceipt {
        earned = List.copyOf(earned);
        breakdown = List.copyOf(breakdown);
    }

    /**
     * Points earned on one definition (and on top, {@code bonusPoints} from a campaign's multiplier and
     * {@code tierBonusPoints} from the tier level's): pending until {@code availableAt} when the definition has escrow.
     * {@code points}, {@code bonusPoints} and {@code tierBonusPoints} are what was credited; {@code cappedPoints} what
     * earning caps withheld of them (null when none), {@code capReason} which cap.
     */
    public record Earned(int definitionId, String name, long points, long bonusPoints, long tierBonusPoints, boolean pending,
            Instant availableAt, UUID entryId, @JsonInclude(JsonInclude.Include.NON_NULL) Long cappedPoints,
            @JsonInclude(JsonInclude.Include.NON_NULL) String capReason) {

        public Earned(int definitionId, String name, long points, long bonusPoints, long tierBonusPoints, boolean pending,
                Instant availableAt, UUID entryId) {
            this(definitionId, name, points, bonusPoints, tierBonusPoints, pending, availableAt, entryId, null, null);
        }
    }

    /**
     * The member's tier {@code level} when the purchase was recorded, its {@code multiplier}, and the points it made
     * the difference by on each definition: {@code floor(purchase points × multiplier) - purchase points}, negative
     * (fewer points) below 1.
     */
    public record TierBonus(String level, BigDecimal multiplier, long points) {}
}
