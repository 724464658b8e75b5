package dev.laurel.tiers;

import java.time.Instant;

/**
 * A member's tier: the level, since when and until when; the tier points (the tier-qualifying
 * account's balance) and the next level's threshold; and the points that count this calendar year.
 * {@code next*} are null at the top level.
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
        long qualifyingPoints,
        int qualifyingYear) {}
