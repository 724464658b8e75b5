package dev.laurel.redemption;

/** Codes uploaded to a reward's pool: how many were added, and how many of the pool are not handed out yet. */
public record CodesAdded(String rewardId, int added, long available) {}
