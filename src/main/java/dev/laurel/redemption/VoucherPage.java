package dev.laurel.redemption;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A member's vouchers, newest first; {@code next} continues after the last one, or is null on the last page. */
public record VoucherPage(List<Voucher> vouchers, Position next) {

    public VoucherPage {
        vouchers = List.copyOf(vouchers);
    }

    /** Where a page ends: the last voucher's issue time and id. */
    public record Position(Instant issuedAt, UUID id) {}
}
