package dev.laurel.redemption;

/** A voucher was used at the till: published inside the transaction that marked it. */
public record VoucherRedeemed(String programId, Voucher voucher) {}
