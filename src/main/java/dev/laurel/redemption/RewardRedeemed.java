package dev.laurel.redemption;

/** A member redeemed a reward for a voucher: published inside the redemption's transaction (for webhooks). */
public record RewardRedeemed(String programId, Voucher voucher) {}
