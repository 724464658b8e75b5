package dev.laurel.redemption;

/** A voucher passed its {@code validUntil} unused and was marked expired by the sweep: published inside its transaction. */
public record VoucherExpired(String programId, Voucher voucher) {}
