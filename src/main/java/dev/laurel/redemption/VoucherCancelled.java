package dev.laurel.redemption;

/** A voucher was cancelled, its points given back: published inside the transaction that cancelled it. */
public record VoucherCancelled(String programId, Voucher voucher) {}
