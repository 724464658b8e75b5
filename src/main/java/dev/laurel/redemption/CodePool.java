package dev.laurel.redemption;

/** A reward's pool of uploaded codes: {@code available} not handed out yet, {@code used} handed out on a voucher. */
public record CodePool(String rewardId, long available, long used) {}
