package dev.laurel.api.v1;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.laurel.api.Cursors;
import dev.laurel.api.Refuses;
import dev.laurel.ledger.PostedEntry;
import dev.laurel.platform.Validation;
import dev.laurel.programs.Caller;
import dev.laurel.redemption.Cancelled;
import dev.laurel.redemption.Redemptions;
import dev.laurel.redemption.Voucher;
import dev.laurel.redemption.VoucherPage;
import dev.laurel.redemption.VoucherStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Vouchers: a member's, and one by its code as a till sees it, uses it or cancels it. */
@RestController
@Tag(name = "Rewards and vouchers")
class VouchersController {

    private final Redemptions redemptions;

    VouchersController(Redemptions redemptions) {
        this.redemptions = redemptions;
    }

    record VoucherList(List<Voucher> items, String nextCursor) {}

    @GetMapping("/v1/members/{id}/vouchers")
    @Refuses("404 member-not-found")
    @Operation(operationId = "listMemberVouchers", summary = "A member's vouchers", description = """
            Newest first, rewards' vouchers and cash-out gift cards alike: `code`, `rewardId` or `cashOutPeriod`, `kind`, \
            `name`, `value` or `item`, `points`, `status` (`ISSUED`, `REDEEMED`, `CANCELLED`, `EXPIRED`: an issued voucher \
            past `validUntil` shows as expired), the times. `limit` 1..200 (default 50); pass `nextCursor` back as `cursor`.""")
    VoucherList vouchers(Caller caller, @PathVariable UUID id, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        Validation v = new Validation();
        Cursors.checkLimit(limit, Redemptions.PAGE_LIMIT_MAX, v);
        VoucherPage.Position after = Cursors.position(cursor, "vouchers", 2, v,
                p -> new VoucherPage.Position(Instant.parse(p[0]), UUID.fromString(p[1])));
        v.throwIfInvalid();
        VoucherPage page = redemptions.vouchers(caller.programId(), id, after, limit);
        return new VoucherList(page.vouchers(), page.next() == null ? null
                : Cursors.encode("vouchers", page.next().issuedAt(), page.next().id()));
    }

    /** What a till sees: whether the voucher is good now and, when not, why. */
    record TillView(boolean valid, String reason, @JsonUnwrapped Voucher voucher) {}

    @GetMapping("/v1/vouchers/{code}")
    @Refuses("404 voucher-not-found")
    @Operation(operationId = "getVoucher", summary = "A voucher by its code, as a till sees it", description = """
            `valid` (issued and not past `validUntil`) and, when not, `reason`; the value or item, the member, the \
            reward and the times. The code may be typed in any case. 404 `voucher-not-found`.""")
    TillView voucher(Caller caller, @PathVariable String code) {
        Voucher voucher = redemptions.voucher(caller.programId(), code);
        return new TillView(voucher.status() == VoucherStatus.ISSUED, reason(voucher), voucher);
    }

    @PostMapping("/v1/vouchers/{code}/redeem")
    @Refuses({"404 voucher-not-found", "409 voucher-already-redeemed voucher-cancelled voucher-expired"})
    @Operation(operationId = "redeemVoucher", summary = "Use a voucher at the till", description = """
            Marks it `REDEEMED`, exactly once: a second try is 409 `voucher-already-redeemed` saying when it was used; \
            409 `voucher-cancelled`, 409 `voucher-expired`; 404 `voucher-not-found`. Honours `Idempotency-Key` (a replay \
            answers the first success).""")
    Voucher redeem(Caller caller, @PathVariable String code) {
        return redemptions.redeemAtTill(caller.programId(), code);
    }

    /** A cancelled voucher and the reversal that gave its points back. */
    record CancelledView(@JsonUnwrapped Voucher voucher, PostedEntry returned) {}

    @PostMapping("/v1/vouchers/{code}/cancel")
    @Refuses({"404 voucher-not-found", "409 voucher-already-redeemed voucher-cancelled voucher-expired"})
    @Operation(operationId = "cancelVoucher", summary = "Cancel a voucher", description = """
            Marks an issued voucher `CANCELLED`, gives its points back to exactly the lots they came from (`returned`: \
            the reversal entry and the buckets it gave to) and its unit back to the reward's stock. 409 \
            `voucher-already-redeemed`, `voucher-cancelled`, `voucher-expired` (an expired voucher's points are not \
            returned). Honours `Idempotency-Key`.""")
    CancelledView cancel(Caller caller, @PathVariable String code) {
        Cancelled cancelled = redemptions.cancel(caller.programId(), code);
        return new CancelledView(cancelled.voucher(), cancelled.returned());
    }

    private static String reason(Voucher v) {
        return switch (v.status()) {
            case ISSUED -> null;
            case REDEEMED -> "Redeemed at " + v.redeemedAt() + ".";
            case CANCELLED -> "Cancelled at " + v.cancelledAt() + ".";
            case EXPIRED -> "Expired at " + v.validUntil() + ".";
        };
    }
}
