package dev.laurel.redemption;

/**
 * A reward a member is eligible for now, and whether they can redeem it: {@code balance} is their spendable balance of
 * the reward's definition, {@code pointsShort} what they lack (0 when they can afford it), {@code holding} their
 * vouchers of it that count towards the per-member limit; {@code whyNot} is null when {@code canRedeem}, else the
 * problem a redemption would answer with ({@code out-of-stock}, {@code member-limit-reached} or
 * {@code insufficient-points}) and why.
 */
public record MemberReward(RewardView reward, long balance, boolean affordable, long pointsShort, long holding, boolean canRedeem,
        WhyNot whyNot) {

    public record WhyNot(String code, String detail) {}
}
