package dev.laurel.redemption;

import dev.laurel.ledger.DefinitionPolicy;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.PostedEntry;
import dev.laurel.ledger.Posting;
import dev.laurel.members.Member;
import dev.laurel.members.MemberId;
import dev.laurel.members.Members;
import dev.laurel.programs.DefinitionPolicies;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.CatalogueReward;
import dev.laurel.programs.Program.CodeSource;
import dev.laurel.programs.Programs;
import dev.laurel.redemption.internal.StockStore;
import dev.laurel.redemption.internal.VoucherCodes;
import dev.laurel.redemption.internal.VoucherStore;
import dev.laurel.tiers.TierStatus;
import dev.laurel.tiers.Tiers;
import dev.laurel.timeline.Timeline;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Redeeming rewards for vouchers, and vouchers at the till. A redemption is one transaction: under the member's
 * account lock it checks the per-member limit and takes the cost from the points earliest-expiring first, issues the
 * voucher, and takes one unit of stock last, by one conditional statement; any refusal writes nothing. A voucher is
 * redeemed at most once and cancelled at most once (each one conditional statement on its status); cancelling gives
 * its points back to exactly the lots they came from and its unit back to the stock.
 */
@Service
public class Redemptions {

    /** The source of the ledger entries of redemptions (and their reversals when a voucher is cancelled). */
    public static final String SOURCE = "Redemption";
    /** What a redemption's entry says, before the reward's name (a page in another language puts its own words there). */
    public static final String DESCRIPTION_PREFIX = "Reward: ";
    public static final String EVENT_REWARD_REDEEMED = "reward_redeemed";
    public static final String EVENT_VOUCHER_REDEEMED = "voucher_redeemed";
    public static final String EVENT_VOUCHER_CANCELLED = "voucher_cancelled";
    public static final String EVENT_VOUCHER_EXPIRED = "voucher_expired";
    public static final int PAGE_LIMIT_MAX = 200;
    public static final int REQUEST_KEY_CHARS_MAX = 100;
    /** Tries at a fresh generated code when the last one was taken (at 25^12 codes a second try is already rare). */
    static final int CODE_ATTEMPTS_MAX = 5;

    private final Programs programs;
    private final Members members;
    private final Tiers tiers;
    private final Ledger ledger;
    private final Timeline timeline;
    private final VoucherStore vouchers;
    private final StockStore stock;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final VoucherCodes codes = new VoucherCodes();

    Redemptions(Programs programs, Members members, Tiers tiers, Ledger ledger, Timeline timeline, VoucherStore vouchers, StockStore stock,
            TransactionTemplate tx, Clock clock, ApplicationEventPublisher events) {
        this.programs = programs;
        this.members = members;
        this.tiers = tiers;
        this.ledger = ledger;
        this.timeline = timeline;
        this.vouchers = vouchers;
        this.stock = stock;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Redeems a reward for the member. Refusals, checked in this order: {@code reward-not-found},
     * {@code member-not-found}, {@code reward-not-active}, {@code not-eligible}, {@code out-of-stock},
     * {@code member-limit-reached}, {@code insufficient-points} (and {@code out-of-stock} again if the last unit went to
     * another member meanwhile).
     */
    public Redeemed redeem(String programId, UUID memberId, String rewardId) {
        return redeem(programId, memberId, rewardId, UUID.randomUUID(), false);
    }

    /**
     * Redeems a reward once per {@code requestKey} (a form's token on the rewards page): the voucher's id is derived
     * from the member and the key, and a second call with the same key, before or while or after the first, answers
     * the first's voucher (with no buckets: nothing more was taken). The same key for another reward is refused.
     */
    public Redeemed redeemOnce(String programId, UUID memberId, String rewardId, String requestKey) {
        if (requestKey == null || requestKey.isEmpty() || requestKey.length() > REQUEST_KEY_CHARS_MAX) {
            throw new IllegalArgumentException("requestKey must be 1 to " + REQUEST_KEY_CHARS_MAX + " characters");
        }
        UUID voucherId = UUID.nameUUIDFromBytes((programId + "\n" + memberId + "\n" + requestKey).getBytes(StandardCharsets.UTF_8));
        Optional<Redeemed> earlier = earlier(programId, memberId, rewardId, voucherId);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        try {
            return redeem(programId, memberId, rewardId, voucherId, true);
        } catch (AlreadyIssued | RedemptionProblem e) {
            // A twin request may have issued the voucher meanwhile: its refusal (out of stock, too few points) is not this one's.
            return earlier(programId, memberId, rewardId, voucherId).orElseThrow(() -> e);
        }
    }

    private Optional<Redeemed> earlier(String programId, UUID memberId, String rewardId, UUID voucherId) {
        return vouchers.byId(programId, memberId, voucherId).map(v -> {
            if (!rewardId.equals(v.rewardId())) {
                throw RedemptionProblem.requestReused(v.rewardId());
            }
            return new Redeemed(v.asOf(clock.instant()), List.of());
        });
    }

    /** Thrown inside a redemption's transaction, to roll it back, when its voucher id turns out to be issued already. */
    private static final class AlreadyIssued extends RuntimeException {
        AlreadyIssued() {
            super(null, null, false, false);
        }
    }

    private Redeemed redeem(String programId, UUID memberId, String rewardId, UUID voucherId, boolean once) {
        Program program = programs.get(programId);
        CatalogueReward reward = Rewards.reward(program, rewardId);
        Member member = members.get(programId, MemberId.of(memberId));
        Instant now = clock.instant();
        if (!reward.activeAt(now)) {
            throw RedemptionProblem.rewardNotActive(rewardId, reward.startsAt() != null && now.isBefore(reward.startsAt().toInstant())
                    ? "starts at " + reward.startsAt() : "ended at " + reward.endsAt());
        }
        reward.eligibility().whyNot(member.optedIn(), () -> tiers.status(programId, memberId).map(TierStatus::rank).orElse(0),
                member.attributes()).ifPresent(why -> {
                    throw RedemptionProblem.notEligible(rewardId, why);
                });
        // A look without a lock, to refuse early; the unit itself is taken at the end, by one conditional statement.
        if (reward.stock() != null && stock.issued(programId, rewardId) >= reward.stock()) {
            throw RedemptionProblem.outOfStock(rewardId, "all " + reward.stock() + " units are issued");
        }
        if (reward.codes() == CodeSource.POOL && !stock.anyCodeAvailable(programId, rewardId)) {
            throw RedemptionProblem.outOfStock(rewardId, "no codes are left");
        }
        DefinitionPolicy policy = policy(program, reward.pointDefinition());
        return tx.execute(status -> {
            if (reward.perMemberLimit() != null || once) {
                // The limit, and whether a twin request issued this voucher, are decided under the member's account lock,
                // which every redemption of theirs takes first.
                ledger.lock(programId, memberId, policy);
                if (once && vouchers.byId(programId, memberId, voucherId).isPresent()) {
                    throw new AlreadyIssued();
                }
                if (reward.perMemberLimit() != null && vouchers.countHolding(programId, memberId, rewardId) >= reward.perMemberLimit()) {
                    throw RedemptionProblem.memberLimitReached(rewardId, reward.perMemberLimit());
                }
            }
            String pooled = null;
            if (reward.codes() == CodeSource.POOL) {
                pooled = stock.claimCode(programId, rewardId, voucherId)
                        .orElseThrow(() -> RedemptionProblem.outOfStock(rewardId, "no codes are left"));
            }
            // A reward is paid with points the member has, even where the definition lets other changes make debt.
            PostedEntry spent = ledger.post(programId, List.of(Posting.of(memberId, policy.forbiddingNegative(), -reward.cost(), SOURCE,
                    DESCRIPTION_PREFIX + reward.name()).withReference(voucherId.toString()))).entries().get(0);
            Instant issuedAt = spent.entry().recordedAt();
            Voucher voucher = issue(programId, new Voucher(voucherId, pooled, memberId, rewardId, null, reward.kind(), reward.name(),
                    reward.value(), reward.item(), reward.pointDefinition(), reward.cost(), spent.entry().id(), VoucherStatus.ISSUED, issuedAt,
                    issuedAt.plus(Duration.ofDays(reward.voucherValidDays())), null, null, null));
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("rewardId", rewardId);
            attributes.put("name", reward.name());
            attributes.put("voucherId", voucherId.toString());
            attributes.put("points", reward.cost());
            attributes.put("definitionId", reward.pointDefinition());
            timeline.recordOwn(programId, memberId, EVENT_REWARD_REDEEMED, issuedAt, attributes);
            events.publishEvent(new RewardRedeemed(programId, voucher));
            // Last: the unit's row stays locked until commit, so it is held for as short a time as can be.
            if (!stock.take(programId, rewardId, reward.stock())) {
                throw RedemptionProblem.outOfStock(rewardId, "the last unit went to another member");
            }
            return new Redeemed(voucher, spent.impactedBuckets());
        });
    }

    /** Inserts a voucher: with its pool code, or with a generated one (another one while the code is taken). */
    private Voucher issue(String programId, Voucher voucher) {
        if (voucher.code() != null) {
            if (!vouchers.insert(programId, voucher, true)) {
                throw new IllegalStateException("uploaded code of voucher " + voucher.id() + " is on another voucher");
            }
            return voucher;
        }
        for (int attempt = 0; attempt < CODE_ATTEMPTS_MAX; attempt++) {
            Voucher coded = withCode(voucher, codes.next());
            if (vouchers.insert(programId, coded, false)) {
                return coded;
            }
        }
        throw new IllegalStateException(CODE_ATTEMPTS_MAX + " generated codes in a row were taken in program " + programId);
    }

    static Voucher withCode(Voucher v, String code) {
        return new Voucher(v.id(), code, v.memberId(), v.rewardId(), v.cashOutPeriod(), v.kind(), v.name(), v.value(), v.item(),
                v.definitionId(), v.points(), v.entryId(), v.status(), v.issuedAt(), v.validUntil(), v.redeemedAt(), v.cancelledAt(),
                v.expiredAt());
    }

    /** The member's vouchers, newest first. */
    public VoucherPage vouchers(String programId, UUID memberId, VoucherPage.Position after, int limit) {
        if (limit < 1 || limit > PAGE_LIMIT_MAX) {
            throw new IllegalArgumentException("limit must be 1 to " + PAGE_LIMIT_MAX);
        }
        members.get(programId, MemberId.of(memberId));
        Instant now = clock.instant();
        List<Voucher> found = vouchers.page(programId, memberId, after, limit + 1);
        boolean more = found.size() > limit;
        List<Voucher> page = (more ? found.subList(0, limit) : found).stream().map(v -> v.asOf(now)).toList();
        Voucher last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new VoucherPage(page, more ? new VoucherPage.Position(last.issuedAt(), last.id()) : null);
    }

    /** A voucher by its code (any case), as it stands now. */
    public Voucher voucher(String programId, String code) {
        return vouchers.byCode(programId, VoucherCodes.normalize(code)).orElseThrow(RedemptionProblem::voucherNotFound)
                .asOf(clock.instant());
    }

    /** Marks a voucher used at the till; refused, saying when, if it was used, cancelled or has expired. */
    public Voucher redeemAtTill(String programId, String code) {
        String normalized = VoucherCodes.normalize(code);
        Instant now = clock.instant();
        return tx.execute(status -> {
            Optional<Voucher> redeemed = vouchers.markRedeemed(programId, normalized, now);
            if (redeemed.isEmpty()) {
                throw refusal(vouchers.byCode(programId, normalized).orElseThrow(RedemptionProblem::voucherNotFound), now);
            }
            Voucher v = redeemed.get();
            timeline.recordOwn(programId, v.memberId(), EVENT_VOUCHER_REDEEMED, now, voucherAttributes(v));
            events.publishEvent(new VoucherRedeemed(programId, v));
            return v;
        });
    }

    /**
     * Cancels an issued voucher: its points go back to exactly the lots they came from (a reversal of its spend), its
     * unit back to the reward's stock. A pool code is not handed out again.
     */
    public Cancelled cancel(String programId, String code) {
        Program program = programs.get(programId);
        String normalized = VoucherCodes.normalize(code);
        Instant now = clock.instant();
        return tx.execute(status -> {
            Optional<Voucher> cancelled = vouchers.markCancelled(programId, normalized, now);
            if (cancelled.isEmpty()) {
                throw refusal(vouchers.byCode(programId, normalized).orElseThrow(RedemptionProblem::voucherNotFound), now);
            }
            Voucher v = cancelled.get();
            PostedEntry returned = ledger.reverse(programId, v.memberId(), v.entryId(), null, SOURCE, "Voucher cancelled: " + v.name(), null,
                    policy(program, v.definitionId()));
            if (v.rewardId() != null) {
                stock.giveBack(programId, v.rewardId());
            }
            Map<String, Object> attributes = voucherAttributes(v);
            attributes.put("points", v.points());
            timeline.recordOwn(programId, v.memberId(), EVENT_VOUCHER_CANCELLED, now, attributes);
            events.publishEvent(new VoucherCancelled(programId, v));
            return new Cancelled(v, returned);
        });
    }

    /** Marks up to {@code limit} vouchers past their {@code validUntil} expired (points not returned); returns how many. */
    public int expireDue(Optional<String> programId, int limit) {
        return tx.execute(status -> {
            List<VoucherStore.InProgram> expired = vouchers.expireDue(programId, clock.instant(), limit);
            Map<String, List<Timeline.OwnEvent>> byProgram = new LinkedHashMap<>();
            for (VoucherStore.InProgram e : expired) {
                Voucher v = e.voucher();
                byProgram.computeIfAbsent(e.programId(), p -> new ArrayList<>())
                        .add(new Timeline.OwnEvent(v.memberId(), EVENT_VOUCHER_EXPIRED, v.expiredAt(), voucherAttributes(v)));
                events.publishEvent(new VoucherExpired(e.programId(), v));
            }
            byProgram.forEach(timeline::recordOwnAll);
            return expired.size();
        });
    }

    private static RedemptionProblem refusal(Voucher v, Instant now) {
        return switch (v.asOf(now).status()) {
            case REDEEMED -> RedemptionProblem.alreadyRedeemed(v.redeemedAt());
            case CANCELLED -> RedemptionProblem.voucherCancelled(v.cancelledAt());
            case EXPIRED -> RedemptionProblem.voucherExpired(v.validUntil());
            case ISSUED -> throw new IllegalStateException("voucher " + v.id() + " is issued and valid, yet its update found no row");
        };
    }

    private static Map<String, Object> voucherAttributes(Voucher v) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("voucherId", v.id().toString());
        attributes.put("name", v.name());
        if (v.rewardId() != null) {
            attributes.put("rewardId", v.rewardId());
        }
        if (v.cashOutPeriod() != null) {
            attributes.put("cashOutPeriod", v.cashOutPeriod().toString());
        }
        return attributes;
    }

    /**
     * The ledger's policy of a definition; a definition the program no longer has (its document changed since) still
     * gets its points back, with no expiry policy of its own.
     */
    static DefinitionPolicy policy(Program program, int definitionId) {
        return program.definition(definitionId).map(d -> DefinitionPolicies.of(program, d))
                .orElseGet(() -> new DefinitionPolicy(definitionId, null, false, program.timezone()));
    }
}
