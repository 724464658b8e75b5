package dev.laurel.redemption;

/**
 * Where a voucher is: {@code ISSUED} (valid at the till until {@code validUntil}), then {@code REDEEMED} (used, once),
 * {@code CANCELLED} (its points and unit given back) or {@code EXPIRED} (past {@code validUntil}; points not returned).
 */
public enum VoucherStatus { ISSUED, REDEEMED, CANCELLED, EXPIRED }
