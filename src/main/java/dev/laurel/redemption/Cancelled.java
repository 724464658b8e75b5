package dev.laurel.redemption;

import dev.laurel.ledger.PostedEntry;

/** A voucher cancelled: the voucher, and the reversal that gave its points back to the lots they came from. */
public record Cancelled(Voucher voucher, PostedEntry returned) {}
