package dev.laurel.redemption;

import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.PointAccount;
import dev.laurel.members.Member;
import dev.laurel.members.MemberId;
import dev.laurel.members.Members;
import dev.laurel.platform.InvalidInput;
import dev.laurel.platform.Validation;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.CatalogueReward;
import dev.laurel.programs.Program.CodeSource;
import dev.laurel.programs.Programs;
import dev.laurel.redemption.MemberReward.WhyNot;
import dev.laurel.redemption.internal.StockStore;
import dev.laurel.redemption.internal.VoucherCodes;
import dev.laurel.redemption.internal.VoucherStore;
import dev.laurel.tiers.TierStatus;
import dev.laurel.tiers.Tiers;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rewards catalogue (the program document's {@code rewards}) with what is left of each, what one member may
 * redeem now and why not, and the pools of codes operators upload.
 */
@Service
public class Rewards {

    /** Codes in one upload, at most. */
    public static final int CODES_PER_UPLOAD_MAX = 10_000;

    private final Programs programs;
    private final Members members;
    private final Tiers tiers;
    private final Ledger ledger;
    private final StockStore stock;
    private final VoucherStore vouchers;
    private final TransactionTemplate tx;
    private final Clock clock;

    Rewards(Programs programs, Members members, Tiers tiers, Ledger ledger, StockStore stock, VoucherStore vouchers, TransactionTemplate tx,
            Clock clock) {
        this.programs = programs;
        this.members = members;
        this.tiers = tiers;
        this.ledger = ledger;
        this.stock = stock;
        this.vouchers = vouchers;
        this.tx = tx;
        this.clock = clock;
    }

    /** Every reward of the program, in the document's order, with its units issued and what is left. */
    public List<RewardView> catalogue(String programId) {
        Program program = programs.get(programId);
        Instant now = clock.instant();
        Map<String, Long> issued = stock.issued(programId);
        Map<String, Long> codes = stock.codesAvailable(programId);
        return program.rewards().stream().map(r -> RewardView.of(r, issued.getOrDefault(r.id(), 0L), codes.get(r.id()), now)).toList();
    }

    /** The pools of uploaded codes, by reward: codes not handed out yet, and handed out (never handed out again). */
    public Map<String, CodePool> codePools(String programId) {
        programs.get(programId);
        return stock.codePools(programId).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new CodePool(e.getKey(), e.getValue()[0], e.getValue()[1])));
    }

    public RewardView get(String programId, String rewardId) {
        CatalogueReward reward = reward(programs.get(programId), rewardId);
        return RewardView.of(reward, stock.issued(programId, rewardId), stock.codesAvailable(programId).get(rewardId), clock.instant());
    }

    /**
     * The rewards running now that the member is eligible for, each with whether they can redeem it and, if not, the
     * problem a redemption would meet first: out of stock, the per-member limit, or too few points.
     */
    public List<MemberReward> forMember(String programId, UUID memberId) {
        Program program = programs.get(programId);
        Member member = members.get(programId, MemberId.of(memberId));
        Instant now = clock.instant();
        int[] rank = {-1};
        Map<Integer, Long> balances = ledger.accountsWithoutExpiry(programId, memberId).stream()
                .collect(Collectors.toMap(PointAccount::definitionId, PointAccount::balance));
        Map<String, Long> holding = vouchers.countsHolding(programId, memberId);
        Map<String, Long> issued = stock.issued(programId);
        Map<String, Long> codes = stock.codesAvailable(programId);
        List<MemberReward> offered = new ArrayList<>();
        for (CatalogueReward r : program.rewards()) {
            boolean eligible = r.eligibility().whyNot(member.optedIn(), () -> {
                if (rank[0] < 0) {
                    rank[0] = tiers.status(programId, memberId).map(TierStatus::rank).orElse(0);
                }
                return rank[0];
            }, member.attributes()).isEmpty();
            if (!r.activeAt(now) || !eligible) {
                continue;
            }
            RewardView view = RewardView.of(r, issued.getOrDefault(r.id(), 0L), codes.get(r.id()), now);
            long balance = balances.getOrDefault(r.pointDefinition(), 0L);
            long pointsShort = Math.max(0, r.cost() - Math.max(balance, 0));
            long held = holding.getOrDefault(r.id(), 0L);
            WhyNot whyNot = null;
            if (view.remaining() != null && view.remaining() == 0) {
                whyNot = new WhyNot("out-of-stock", "No units are left.");
            } else if (r.perMemberLimit() != null && held >= r.perMemberLimit()) {
                whyNot = new WhyNot("member-limit-reached", "The member holds " + held + " of the " + r.perMemberLimit() + " allowed.");
            } else if (pointsShort > 0) {
                whyNot = new WhyNot("insufficient-points", "It costs " + r.cost() + " points; the balance is " + balance + ".");
            }
            offered.add(new MemberReward(view, balance, pointsShort == 0, pointsShort, held, whyNot == null, whyNot));
        }
        return offered;
    }

    /**
     * Adds operator-uploaded codes to a POOL reward: each normalized (trimmed, upper case) and 4 to 64 letters, digits
     * and '-'; a code listed twice, or that the program already has (uploaded for any reward, or on a voucher), refuses
     * the whole upload ({@code duplicate-codes}) and adds nothing.
     */
    public CodesAdded addCodes(String programId, String rewardId, List<String> uploaded) {
        CatalogueReward reward = reward(programs.get(programId), rewardId);
        if (reward.codes() != CodeSource.POOL) {
            throw RedemptionProblem.codesNotPooled(rewardId);
        }
        if (uploaded.isEmpty() || uploaded.size() > CODES_PER_UPLOAD_MAX) {
            throw new InvalidInput("codes", "must list 1 to " + CODES_PER_UPLOAD_MAX + " codes (was " + uploaded.size() + ")");
        }
        Validation v = new Validation();
        List<String> codes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> twice = new TreeSet<>();
        for (int i = 0; i < uploaded.size(); i++) {
            String code = uploaded.get(i) == null ? "" : VoucherCodes.normalize(uploaded.get(i));
            if (!VoucherCodes.UPLOADED.matcher(code).matches()) {
                if (v.count() < RedemptionProblem.CODES_LISTED_MAX) {
                    v.add("codes[" + i + "]", "must be 4 to 64 letters, digits and '-', starting and ending with a letter or digit");
                }
                continue;
            }
            if (!seen.add(code)) {
                twice.add(code);
            }
            codes.add(code);
        }
        v.throwIfInvalid();
        if (!twice.isEmpty()) {
            throw RedemptionProblem.duplicateCodes(List.copyOf(twice), "listed more than once");
        }
        Instant now = clock.instant();
        return tx.execute(status -> {
            List<String> existing = stock.existing(programId, codes);
            if (!existing.isEmpty()) {
                throw RedemptionProblem.duplicateCodes(existing, "already in this program");
            }
            int added = stock.add(programId, rewardId, codes, now);
            if (added != codes.size()) {
                throw RedemptionProblem.duplicateCodes(stock.existing(programId, codes), "being added by another upload");
            }
            return new CodesAdded(rewardId, added, stock.codesAvailable(programId).getOrDefault(rewardId, 0L));
        });
    }

    static CatalogueReward reward(Program program, String rewardId) {
        return program.reward(rewardId).orElseThrow(() -> RedemptionProblem.rewardNotFound(rewardId));
    }
}
