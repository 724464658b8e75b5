package dev.laurel.earning;

import dev.laurel.campaigns.Campaigns;
import dev.laurel.earning.internal.PurchaseStore;
import dev.laurel.ledger.Entry;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.LedgerTransaction;
import dev.laurel.ledger.PointsOverflow;
import dev.laurel.ledger.PostedEntry;
import dev.laurel.ledger.Posting;
import dev.laurel.members.Member;
import dev.laurel.ledger.TakeBack;
import dev.laurel.members.MemberId;
import dev.laurel.members.Members;
import dev.laurel.platform.Transactions;
import dev.laurel.platform.Validation;
import dev.laurel.programs.DefinitionPolicies;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.TierLevel;
import dev.laurel.programs.Programs;
import dev.laurel.tiers.Tiers;
import dev.laurel.timeline.Timeline;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Laurel as point master: a purchase earns what {@link EarningRules} makes of it (without rules or items,
 * {@code floor(amount × pointsPerCurrencyUnit)}) on every definition Laurel masters, pending in escrow for
 * the definition's {@code escrow.days}; a return takes back the returned share (of the amount, or of the
 * lines named, see {@link LineReturns}) where the points are now ({@link Ledger#takeBack}): from the order's own
 * points, pending or active; what was spent, from the balance (owed as debt where it cannot cover it); what expired,
 * not again. Follower definitions never earn from purchases. A campaign's multiplier and the member's tier level's
 * {@code earningMultiplier} each add points on the purchase points, as entries of their own (sources Campaign and
 * {@link #TIER_SOURCE}) that a return takes back in the same share; a level's multiplier below 1 earns fewer points.
 */
@Service
public class Purchases {

    public static final String SOURCE = "Purchase";
    public static final int LISTED_MAX = 1000;
    public static final String RETURN_SOURCE = "Return";
    /** The source of the points a tier level's {@code earningMultiplier} adds to a purchase. */
    public static final String TIER_SOURCE = Program.Cap.TIER_BONUS_SOURCE;
    public static final String EVENT_PURCHASED = "purchased";
    public static final String EVENT_RETURNED = "returned";
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
    /** An order's id is 1 to this many characters (a CHECK on purchases). */
    public static final int ORDER_ID_CHARS_MAX = 128;
    /** A purchase's lines, kept as sent. */
    public static final int LINES_MAX = 500;
    /** A purchase's items (and a return's), each a distinct sku. */
    public static final int ITEMS_MAX = 500;
    /** An item's sku and category are 1 to this many characters (CHECKs on purchase_lines). */
    public static final int SKU_CHARS_MAX = 64;
    public static final int CATEGORY_CHARS_MAX = 64;
    /** An item's quantity: whole units, 1 to this many. */
    public static final long QUANTITY_MAX = 1_000_000;
    /** An ISO 4217 currency code. */
    public static final int CURRENCY_CHARS = 3;
    /** Amounts are stored as numeric(19, 4): at most this many digits before the point... */
    public static final int AMOUNT_INTEGER_DIGITS_MAX = 15;
    /** ...and this many after it; anything finer would be rounded without a word. */
    public static final int AMOUNT_DECIMALS_MAX = 4;

    private final Programs programs;
    private final Members members;
    private final Ledger ledger;
    private final Timeline timeline;
    private final PurchaseStore store;
    private final Transactions transactions;
    private final Clock clock;
    private final JsonMapper json;
    private final Campaigns campaigns;
    private final Tiers tiers;

    Purchases(Programs programs, Members members, Ledger ledger, Timeline timeline, PurchaseStore store, Transactions transactions,
            Clock clock, JsonMapper json, Campaigns campaigns, Tiers tiers) {
        this.campaigns = campaigns;
        this.tiers = tiers;
        this.programs = programs;
        this.members = members;
        this.ledger = ledger;
        this.timeline = timeline;
        this.store = store;
        this.transactions = transactions;
        this.clock = clock;
        this.json = json;
    }

    /** Up to {@code limit} (1 to {@link #LISTED_MAX}) of a member's purchases, by order id after {@code afterOrderId} (null: from the first). */
    public List<MemberPurchase> ofMember(String programId, UUID memberId, String afterOrderId, int limit) {
        if (limit < 1 || limit > LISTED_MAX) {
            throw new IllegalArgumentException("limit must be 1 to " + LISTED_MAX);
        }
        return store.ofMember(programId, memberId, afterOrderId, limit);
    }

    /**
     * The member's newest {@code limit} (1 to {@link #LISTED_MAX}) orders with the points each earned and returns took back
     * on {@code definitionIds} (points of different definitions do not add up), their lifetime spend net of returns per
     * currency, and their last purchase's time: the console card's figures.
     */
    public MemberOrders orders(String programId, UUID memberId, Collection<Integer> definitionIds, int limit) {
        if (limit < 1 || limit > LISTED_MAX) {
            throw new IllegalArgumentException("limit must be 1 to " + LISTED_MAX);
        }
        return new MemberOrders(store.newestOrders(programId, memberId, definitionIds, limit), store.lifetimeSpend(programId, memberId),
                store.lastPurchaseAt(programId, memberId).orElse(null));
    }

    public PurchaseReceipt purchase(String programId, Purchase p) {
        Program program = programs.get(programId);
        validate(p);
        Member member = members.get(programId, MemberId.of(p.memberId()));
        EarningRules.Outcome outcome = EarningRules.earn(program.earning(), p.amount(), p.items());
        long points = outcome.points();
        // A campaign's multiplier adds bonus points, as entries of their own (source Campaign).
        BigDecimal multiplier = campaigns.purchaseMultiplier(programId, p.memberId(), p.occurredAt());
        long bonus = points(BigDecimal.valueOf(points).multiply(multiplier.subtract(BigDecimal.ONE)),
                "A campaign multiplier of " + multiplier.toPlainString() + " on " + points + " points");
        PurchaseReceipt.TierBonus tier = tierBonus(program, member, points);
        // Below 1, the level's multiplier earns fewer points: the purchase's own entry is smaller.
        long earnedPoints = tier == null ? points : Math.addExact(points, Math.min(0, tier.points()));
        long tierPoints = tier == null ? 0 : Math.max(0, tier.points());
        return transactions.write(status -> {
            Instant now = clock.instant();
            if (!store.insert(programId, p.orderId(), p.memberId(), p.amount(), p.currency(), p.occurredAt(),
                    p.lines().isEmpty() ? null : json.writeValueAsString(p.lines()), now)) {
                throw new OrderConflict("order-exists", "orderId", "Order '" + p.orderId() + "' is already recorded in this program.");
            }
            store.insertLines(programId, p.memberId(), p.orderId(), p.items(), outcome.lines());
            List<PointDefinition> earning = program.pointDefinitions().stream().filter(PointDefinition::master).toList();
            List<Posting> postings = new ArrayList<>();
            if (earnedPoints > 0) {
                postings.addAll(postings(program, earning, p, earnedPoints, SOURCE, "Purchase " + p.orderId()));
                if (bonus > 0) {
                    postings.addAll(postings(program, earning, p, bonus, Campaigns.SOURCE, "Campaign bonus on purchase " + p.orderId()));
                }
                if (tierPoints > 0) {
                    postings.addAll(postings(program, earning, p, tierPoints, TIER_SOURCE,
                            "Tier bonus (" + tier.level() + ", × " + tier.multiplier().toPlainString() + ") on purchase " + p.orderId()));
                }
            }
            List<PurchaseReceipt.Earned> earned = postings.isEmpty() ? List.of()
                    : earned(programId, p.memberId(), p.orderId(), earning, ledger.post(programId, postings), bonus, tierPoints, now);
            timeline.recordOwn(programId, p.memberId(), EVENT_PURCHASED, p.occurredAt(), purchasedAttributes(p, earnedPoints));
            return new PurchaseReceipt(p.orderId(), p.memberId(), p.amount(), p.currency(), p.occurredAt(), earned,
                    earnedPoints > 0 ? bonus : 0, tier, outcome.lines());
        });
    }

    /**
     * What the level the member holds now does to {@code points}: {@code floor(points × earningMultiplier) - points}
     * (negative below 1); null when the level has no multiplier.
     */
    private PurchaseReceipt.TierBonus tierBonus(Program program, Member member, long points) {
        TierLevel level = tiers.heldLevel(program, member).filter(l -> l.earningMultiplier() != null).orElse(null);
        if (level == null) {
            return null;
        }
        long multiplied = points(BigDecimal.valueOf(points).multiply(level.earningMultiplier()),
                "A tier multiplier of " + level.earningMultiplier().toPlainString() + " on " + points + " points");
        return new PurchaseReceipt.TierBonus(level.name(), level.earningMultiplier(), Math.subtractExact(multiplied, points));
    }

    /** Whole points (rounded down), refused up front when more than an account may ever hold. */
    private static long points(BigDecimal exact, String what) {
        BigDecimal whole = exact.setScale(0, RoundingMode.FLOOR);
        if (whole.compareTo(BigDecimal.valueOf(Ledger.POINTS_MAX)) > 0) {
            throw new PointsOverflow(what + " earns " + whole.toPlainString() + " points, more than an account may hold.");
        }
        return whole.longValueExact();
    }

    private void validate(Purchase p) {
        Validation v = new Validation();
        if (p.amount().signum() <= 0) {
            v.add("amount", "must be more than 0");
        } else if (p.amount().stripTrailingZeros().scale() > AMOUNT_DECIMALS_MAX
                || p.amount().precision() - p.amount().scale() > AMOUNT_INTEGER_DIGITS_MAX) {
            v.add("amount", "must have at most " + AMOUNT_INTEGER_DIGITS_MAX + " digits before the point and " + AMOUNT_DECIMALS_MAX
                    + " after");
        }
        if (!isCurrency(p.currency())) {
            v.add("currency", "must be an ISO 4217 code such as USD");
        }
        if (p.occurredAt().isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
            v.add("occurredAt", "must not be in the future");
        }
        validateItems(p, v);
        v.throwIfInvalid();
    }

    /** Items are distinct skus whose amounts add up to the purchase's amount. */
    private static void validateItems(Purchase p, Validation v) {
        if (p.items().isEmpty()) {
            return;
        }
        Set<String> skus = new HashSet<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < p.items().size(); i++) {
            PurchaseItem item = p.items().get(i);
            if (!skus.add(item.sku())) {
                v.add("items[" + i + "].sku", "'" + item.sku() + "' is listed twice (send one item with its quantity)");
            }
            sum = sum.add(item.amount());
        }
        if (sum.compareTo(p.amount()) != 0) {
            v.add("items", "the items' amounts add up to " + sum.toPlainString() + ", not the purchase's amount of "
                    + p.amount().toPlainString());
        }
    }

    /** One posting of {@code amount} per definition that earns, pending for the definition's escrow. */
    private static List<Posting> postings(Program program, List<PointDefinition> earning, Purchase p, long amount, String source,
            String description) {
        List<Posting> postings = new ArrayList<>();
        for (PointDefinition d : earning) {
            Instant availableAt = d.escrow() == null ? null : p.occurredAt().plus(Duration.ofDays(d.escrow().days()));
            postings.add(Posting.of(p.memberId(), DefinitionPolicies.capped(program, d), amount, source, description)
                    .withReference(p.orderId()).occurredAt(p.occurredAt()).validBetween(availableAt, null));
        }
        return postings;
    }

    /**
     * Records what the order earned on each definition (the points' entries first, then the campaign bonus's, then the
     * tier bonus's), for its returns.
     */
    private List<PurchaseReceipt.Earned> earned(String programId, UUID memberId, String orderId, List<PointDefinition> earning, LedgerTransaction posted,
            long bonus, long tierBonus, Instant now) {
        List<PurchaseReceipt.Earned> earned = new ArrayList<>();
        for (int i = 0; i < earning.size(); i++) {
            PointDefinition d = earning.get(i);
            Entry e = posted.entries().get(i).entry();
            // A return takes back only what was credited: a cap's share was never the member's.
            if (e.amount() > 0) {
                store.addEarning(programId, memberId, orderId, d.id(), e.id(), e.amount());
            }
            long bonusHere = 0;
            long capped = e.cappedPoints() == null ? 0 : e.cappedPoints();
            String capReason = e.capReason();
            if (bonus > 0) {
                Entry b = posted.entries().get(earning.size() + i).entry();
                if (b.amount() > 0) {
                    store.addEarning(programId, memberId, orderId, d.id(), b.id(), b.amount());
                }
                bonusHere = b.amount();
                if (b.cappedPoints() != null) {
                    capped += b.cappedPoints();
                    capReason = capReason == null ? b.capReason() : capReason;
                }
            }
            long tierHere = 0;
            if (tierBonus > 0) {
                Entry t = posted.entries().get(earning.size() * (bonus > 0 ? 2 : 1) + i).entry();
                if (t.amount() > 0) {
                    store.addEarning(programId, memberId, orderId, d.id(), t.id(), t.amount());
                }
                tierHere = t.amount();
                if (t.cappedPoints() != null) {
                    capped += t.cappedPoints();
                    capReason = capReason == null ? t.capReason() : capReason;
                }
            }
            earned.add(new PurchaseReceipt.Earned(d.id(), d.name(), e.amount(), bonusHere, tierHere, e.pending(),
                    e.pending() ? e.validFrom() : now, e.id(), capped == 0 ? null : capped, capReason));
        }
        return earned;
    }

    private static Map<String, Object> purchasedAttributes(Purchase p, long points) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("orderId", p.orderId());
        attributes.put("amount", p.amount());
        attributes.put("currency", p.currency());
        attributes.put("points", points);
        if (!p.lines().isEmpty()) {
            attributes.put("lines", p.lines());
        }
        if (!p.items().isEmpty()) {
            attributes.put("items", p.items());
        }
        return attributes;
    }

    private static boolean isCurrency(String code) {
        try {
            return code != null && code.equals(Currency.getInstance(code).getCurrencyCode());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Takes back the points of the returned share of an order. More than was bought, in all returns, is refused. */
    public ReturnReceipt returned(String programId, UUID memberId, String orderId, BigDecimal amount) {
        return returned(programId, memberId, orderId, amount, List.of());
    }

    /**
     * Takes back the points of the returned share of an order: of {@code amount}, or of the lines {@code items} name (an
     * order bought with items is returned by its items). More than was bought, in all returns, is refused.
     */
    public ReturnReceipt returned(String programId, UUID memberId, String orderId, BigDecimal amount, List<ReturnedItem> items) {
        if ((amount == null) == items.isEmpty()) {
            new Validation().add("amount", "give the amount returned or the items returned, one of them").throwIfInvalid();
        }
        if (amount != null && amount.signum() <= 0) {
            new Validation().add("amount", "must be more than 0").throwIfInvalid();
        }
        Program program = programs.get(programId);
        members.get(programId, MemberId.of(memberId));
        return transactions.write(status -> {
            PurchaseStore.Stored order = store.lock(programId, memberId, orderId).filter(o -> o.memberId().equals(memberId))
                    .orElseThrow(() -> new OrderNotFound(orderId));
            List<PurchaseStore.Line> lines = store.lines(programId, memberId, orderId);
            LineReturns.Outcome byLines = null;
            if (amount == null) {
                byLines = LineReturns.of(orderId, lines, items);
                store.linesReturned(programId, memberId, orderId, byLines.changed());
            } else if (!lines.isEmpty()) {
                throw new OrderConflict("return-needs-items", "items", "Order '" + orderId + "' was bought with items: name the items returned.");
            }
            BigDecimal returnedNow = byLines == null ? amount : byLines.amount();
            BigDecimal total = order.returned().add(returnedNow);
            if (total.compareTo(order.amount()) > 0) {
                throw new OrderConflict("return-exceeds-purchase", "amount", "Returning " + returnedNow.toPlainString() + " would return "
                        + total.toPlainString() + " of an order of " + order.amount().toPlainString() + ".");
            }
            store.returned(programId, memberId, orderId, total);
            List<ReturnReceipt.TakenBack> taken = new ArrayList<>();
            for (PurchaseStore.Earning earning : store.earnings(programId, memberId, orderId)) {
                // Cumulative, so partial returns that add up to the whole order take back every point.
                long target = byLines != null ? byLines.shareOf(earning.points())
                        : BigDecimal.valueOf(earning.points()).multiply(total).divide(order.amount(), 0, RoundingMode.FLOOR).longValueExact();
                long take = target - earning.takenBack();
                if (take <= 0) {
                    continue;
                }
                PointDefinition d = program.definition(earning.definitionId()).orElseThrow();
                // Where the points are now: the purchase's own lot, the balance for what was spent, and nothing for what
                // expired. What the balance cannot cover is owed (a debt the next points pay, on any definition): the
                // points were earned on goods now returned, and a debt is also what a hold released or a redemption
                // cancelled later pays first, so the member cannot keep them that way.
                TakeBack back = ledger.takeBack(programId, memberId, earning.entryId(), take, RETURN_SOURCE, "Return of order " + orderId,
                        null, DefinitionPolicies.of(program, d).allowingNegative());
                store.takenBack(programId, memberId, orderId, earning.entryId(), earning.takenBack() + take);
                taken.add(new ReturnReceipt.TakenBack(d.id(), d.name(), back.taken(), back.fromLot() > 0 && back.lotPending(),
                        back.entry() == null ? null : back.entry().entry().id(), back.fromLot(), back.fromBalance(), back.asDebt(),
                        back.expired()));
            }
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("orderId", orderId);
            attributes.put("amount", returnedNow);
            attributes.put("currency", order.currency());
            if (byLines != null) {
                attributes.put("items", items);
            }
            timeline.recordOwn(programId, memberId, EVENT_RETURNED, clock.instant(), attributes);
            return new ReturnReceipt(orderId, memberId, returnedNow, total, order.amount(), taken, byLines == null ? List.of() : byLines.receipt());
        });
    }
}
