package dev.laurel.tiers;

import java.time.Instant;
import java.util.UUID;

/** One change of a member's tier, kept for ever. */
public record TierChange(UUID id, Instant at, Integer fromRank, String fromLevel, int toRank, String toLevel, String reason,
        long qualifyingPoints) {}
