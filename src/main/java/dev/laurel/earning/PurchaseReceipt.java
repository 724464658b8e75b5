package dev.laurel.earning;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What a purchase earned, per definition, and when each becomes available. */
public record PurchaseReceipt(String orderId, UUID memberId, BigDecimal amount, String currency, Instant occurredAt, List<Earned> earned,
        long bonusPointsEarned) {

    public PurchaseReceipt {
        earned = List.copyOf(earned);
    }

    /**
     * Points earned on one definition (and {@code bonusPoints} on top, from a campaign's multiplier):
     * pending until {@code availableAt} when the definition has escrow. {@code points} and {@code bonusPoints} are what
     * was credited; {@code cappedPoints} what earning caps withheld of both (null when none), {@code capReason} which cap.
     */
    public record Earned(int definitionId, String name, long points, long bonusPoints, boolean pending, Instant availableAt, UUID entryId,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long cappedPoints, @JsonInclude(JsonInclude.Include.NON_NULL) String capReason) {

        public Earned(int definitionId, String name, long points, long bonusPoints, boolean pending, Instant availableAt, UUID entryId) {
            this(definitionId, name, points, bonusPoints, pending, availableAt, entryId, null, null);
        }
    }
}
