package dev.laurel.redemption;

import dev.laurel.platform.Problem;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Why a reward cannot be redeemed, a voucher not used or cancelled, codes not added, or a cash-out not found. */
public final class RedemptionProblem extends Problem {

    /** Codes listed in a problem's detail, at most. */
    static final int CODES_LISTED_MAX = 20;

    RedemptionProblem(int status, String code, String title, String detail) {
        super(status, code, title, detail);
    }

    static RedemptionProblem rewardNotFound(String id) {
        return new RedemptionProblem(404, "reward-not-found", "Reward not found", "No reward '" + id + "' in this program.");
    }

    static RedemptionProblem rewardNotActive(String id, String when) {
        return new RedemptionProblem(409, "reward-not-active", "Reward not active", "Reward '" + id + "' " + when + ".");
    }

    static RedemptionProblem notEligible(String id, String why) {
        return new RedemptionProblem(409, "not-eligible", "Not eligible", "The member may not redeem reward '" + id + "': " + why + ".");
    }

    static RedemptionProblem outOfStock(String id, String why) {
        return new RedemptionProblem(409, "out-of-stock", "Out of stock", "Reward '" + id + "' is out of stock: " + why + ".");
    }

    static RedemptionProblem memberLimitReached(String id, int limit) {
        return new RedemptionProblem(409, "member-limit-reached", "Member limit reached", "The member holds " + limit
                + " voucher" + (limit == 1 ? "" : "s") + " of reward '" + id + "', as many as one member may.");
    }

    static RedemptionProblem requestReused(String rewardId) {
        return new RedemptionProblem(409, "redemption-request-reused", "Request already used", "This request already redeemed reward '"
                + rewardId + "'; a new redemption needs a new request.");
    }

    static RedemptionProblem voucherNotFound() {
        return new RedemptionProblem(404, "voucher-not-found", "Voucher not found", "No voucher with this code in this program.");
    }

    static RedemptionProblem alreadyRedeemed(Instant at) {
        return new RedemptionProblem(409, "voucher-already-redeemed", "Voucher already redeemed", "This voucher was redeemed at " + at + ".");
    }

    static RedemptionProblem voucherCancelled(Instant at) {
        return new RedemptionProblem(409, "voucher-cancelled", "Voucher cancelled", "This voucher was cancelled at " + at + ".");
    }

    static RedemptionProblem voucherExpired(Instant at) {
        return new RedemptionProblem(409, "voucher-expired", "Voucher expired", "This voucher expired at " + at + "; its points are not returned.");
    }

    static RedemptionProblem codesNotPooled(String id) {
        return new RedemptionProblem(409, "codes-not-pooled", "Codes are generated", "Reward '" + id
                + "' has generated codes; codes can be uploaded only for a reward with codes: POOL.");
    }

    static RedemptionProblem duplicateCodes(List<String> codes, String where) {
        List<String> listed = codes.subList(0, Math.min(codes.size(), CODES_LISTED_MAX));
        return new RedemptionProblem(409, "duplicate-codes", "Duplicate codes", codes.size() + " code" + (codes.size() == 1 ? " is" : "s are")
                + " " + where + ", so none was added: " + String.join(", ", listed) + (codes.size() > listed.size() ? ", ..." : "") + ".");
    }

    static RedemptionProblem notSpendable(int definitionId, String why) {
        return new RedemptionProblem(409, "not-spendable", "Points cannot be spent", "Points of definition " + definitionId
                + " cannot be held or redeemed: " + why + ".");
    }

    static RedemptionProblem cashOutNotFound(LocalDate period) {
        return new RedemptionProblem(404, "cash-out-not-found", "Cash-out not found", "No cash-out run for the period ending "
                + period + " in this program.");
    }
}
