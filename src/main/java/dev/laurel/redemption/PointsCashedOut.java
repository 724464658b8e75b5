package dev.laurel.redemption;

/** A member's balance was cashed out into a gift card ({@code voucher}): published inside the cash-out batch's transaction. */
public record PointsCashedOut(String programId, Voucher voucher) {}
