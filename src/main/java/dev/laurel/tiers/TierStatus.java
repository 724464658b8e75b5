package dev.laurel.tiers;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A member's tier: the level, since when and until when; the tier points (the tier-qualifying account's balance, the
 * one number that decides the level) and the next level's threshold; and when the qualification period of those points
 * ends (null when it is rolling months: each earning then stops counting on its own). {@code next*} are null at the top
 * level. {@code benefits} and {@code earningMultiplier} are what the program's document says the member's level gives.
 */
public record TierStatus(
        String tierSystem,
        String level,
        int rank,
        Instant enteredAt,
        Instant resetsAt,
        long tierPoints,
        String nextLevel,
        Integer nextRank,
        Long nextThreshold,
        Instant periodEndsAt,
        List<String> benefits,
        BigDecimal earningMultiplier) {

    public TierStatus {
        benefits = List.copyOf(benefits);
    }

    /** Tier points still to go to the next level ({@code target_balance - tier_points}); null at the top level. */
    public Long pointsToNextLevel() {
        return nextThreshold == null ? null : Math.max(0, nextThreshold - tierPoints);
    }

    /** How far toward the next level, 0 to 100; 100 at the top level. */
    public int progressPercent() {
        if (nextThreshold == null || nextThreshold <= 0) {
            return 100;
        }
        return (int) Math.max(0, Math.min(100, tierPoints * 100 / nextThreshold));
    }
}
