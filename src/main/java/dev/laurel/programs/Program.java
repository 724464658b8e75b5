package dev.laurel.programs;

import dev.laurel.platform.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import dev.laurel.ledger.EarningCap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * One loyalty program, the tenant boundary, as its program document defines it. Values only: the
 * document is parsed and validated by {@link ProgramDocuments}; nothing here holds a key in clear.
 *
 * <p>Optional sections are {@code null} when the document leaves them out.
 */
public record Program(
        String id,
        String name,
        ZoneId timezone,
        Locale locale,
        List<ApiKeySpec> apiKeys,
        SessionM sessionm,
        AvailablePoints availablePoints,
        Earning earning,
        List<PointDefinition> pointDefinitions,
        TierSystem tierSystem,
        List<String> partners,
        Integer partnerPointDefinition,
        List<Campaign> campaigns,
        PointMaster pointMaster,
        List<TimelineView> timelineViews,
        List<Operator> operators,
        List<CatalogueReward> rewards,
        CashOut cashOut,
        Webhooks webhooks,
        String cardIdentifier) {

    public Program {
        rewards = List.copyOf(rewards);
        timelineViews = List.copyOf(timelineViews);
        operators = List.copyOf(operators);
        apiKeys = List.copyOf(apiKeys);
        pointDefinitions = List.copyOf(pointDefinitions);
        partners = List.copyOf(partners);
        campaigns = List.copyOf(campaigns);
    }

    public Optional<PointDefinition> definition(int definitionId) {
        return pointDefinitions.stream().filter(d -> d.id() == definitionId).findFirst();
    }

    /**
     * The definition partner awards go to: the one {@code partnerPointDefinition} names, else the
     * first SPENDABLE definition Laurel masters.
     */
    public Optional<PointDefinition> partnerDefinition() {
        if (partnerPointDefinition != null) {
            return definition(partnerPointDefinition);
        }
        return pointDefinitions.stream().filter(d -> d.purpose() == Purpose.SPENDABLE && d.master()).findFirst();
    }

    public Optional<CatalogueReward> reward(String rewardId) {
        return rewards.stream().filter(r -> r.id().equals(rewardId)).findFirst();
    }

    /** The subscriptions that take events of {@code type}: none without a {@code webhooks} section. */
    public List<Subscription> subscriptionsTo(String type) {
        return webhooks == null ? List.of() : webhooks.subscriptions().stream().filter(s -> s.events().contains(type)).toList();
    }

    public Optional<Campaign> campaign(String campaignId) {
        return campaigns.stream().filter(c -> c.id().equals(campaignId)).findFirst();
    }

    /** A key's name, the SHA-256 of its secret, what it may do, and how fast ({@code rateLimit} null: not limited). */
    public record ApiKeySpec(String name, String secretSha256, Set<Scope> scopes, RateLimit rateLimit) {
        public ApiKeySpec {
            scopes = Set.copyOf(scopes);
        }
    }

    /** {@code requestsPerSecond} on average, in bursts of up to {@code burst} requests. */
    public record RateLimit(int requestsPerSecond, int burst) {}

    public Optional<ApiKeySpec> apiKey(String name) {
        return apiKeys.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    public enum AvailablePoints { SPENDABLE, SPENDABLE_PLUS_ESCROW }

    public enum Purpose { SPENDABLE, TIER_QUALIFYING }

    /** How a definition follows another system that is its point master; {@code null} on a definition Laurel masters. */
    public enum FollowerMode { TRANSACTIONS, BALANCE }

    /**
     * How a level ends: never; at the start of the year after next (counted from the year it was earned, in the program's
     * zone); or {@link TierLevel#expiresMonths} months after the member entered it (or last kept it).
     */
    public enum TierExpiry { NEVER, END_OF_FOLLOWING_CALENDAR_YEAR, MONTHS_AFTER_ENTRY }

    /**
     * Where a member goes when their level ends and their points earned less: to the level the points earned, or at most
     * one level down.
     */
    public enum TierDowngrade { TO_EARNED, ONE_LEVEL }

    public enum Enrollment { OPT_IN, AUTOMATIC }

    public record SessionM(String appKey, UUID retailerId) {}

    /**
     * How purchases earn: {@code pointsPerCurrencyUnit} on every item no rule selects; {@code rules} by sku or category
     * (of the declared {@code categories}); nothing for a purchase below {@code minimumOrderAmount} (null: no minimum);
     * the purchase's exact points made whole once with {@code rounding}; and the {@code caps} on what a member may earn
     * per day or month ({@code earning.caps}).
     */
    public record Earning(BigDecimal pointsPerCurrencyUnit, List<String> categories, List<EarningRule> rules, BigDecimal minimumOrderAmount,
            Rounding rounding, List<Cap> caps) {

        public Earning {
            categories = List.copyOf(categories);
            rules = List.copyOf(rules);
            caps = caps == null ? List.of() : List.copyOf(caps);
        }

        /** The program's rate alone: no rules, no minimum, rounded down, no caps. */
        public Earning(BigDecimal pointsPerCurrencyUnit) {
            this(pointsPerCurrencyUnit, List.of(), List.of(), null, Rounding.FLOOR, List.of());
        }
    }

    /** How a purchase's exact points become whole points. */
    public enum Rounding { FLOOR, HALF_UP, CEILING }

    /** What an earning rule does to the items it selects. */
    public enum RuleEffect { POINTS_PER_CURRENCY_UNIT, MULTIPLIER, FIXED_POINTS, EXCLUDE }

    /**
     * An earning rule: it selects items by {@code sku} or by {@code category} (exactly one) and gives them one effect,
     * with {@code value} its number (points per currency unit, a multiplier of the program's rate, or fixed points
     * per unit of quantity; null for EXCLUDE). {@code name} is what a purchase's breakdown shows.
     */
    public record EarningRule(String name, String sku, String category, RuleEffect effect, BigDecimal value) {}

    /**
     * At most {@code points} per calendar day or month (in the program's zone) that a member earns from {@code source}
     * (null: from every capped source together; purchases, partners and campaigns are capped, operator adjustments,
     * imports and point-master syncs never), on each point definition's account on its own, or only on
     * {@code pointDefinition}'s when given.
     */
    public record Cap(EarningCap.Period period, long points, String source, Integer pointDefinition) {

        /** The source of the entries of a purchase's tier bonus (the earning module's {@code Purchases.TIER_SOURCE}). */
        public static final String TIER_BONUS_SOURCE = "Tier";
        static final String PURCHASE_SOURCE = "Purchase";

        /**
         * The ledger's cap. A cap on purchases counts a purchase's tier bonus too: it is more of the purchase's points, and
         * would otherwise pass the cap untouched.
         */
        public EarningCap asLedgerCap() {
            return new EarningCap(period, points, source, PURCHASE_SOURCE.equals(source) ? Set.of(TIER_BONUS_SOURCE) : Set.of());
        }
    }

    public record PointDefinition(
            int id,
            String name,
            String groupingLabel,
            Purpose purpose,
            Escrow escrow,
            Expiry expiry,
            FollowerMode follower,
            boolean allowNegative,
            QualificationPeriod qualificationPeriod) {

        public boolean master() {
            return follower == null;
        }
    }

    /**
     * How long a TIER_QUALIFYING definition's points count toward the tier ({@code null} on a SPENDABLE one): the
     * calendar year they became active in, in the program's zone ({@code rollingMonths} null; at the year's end the
     * account starts again from zero), or {@code rollingMonths} months after the day they were earned (each earning
     * then expires, as {@link Expiry} would have it).
     */
    public record QualificationPeriod(Integer rollingMonths) {

        public static final QualificationPeriod CALENDAR_YEAR = new QualificationPeriod(null);

        public boolean calendarYear() {
            return rollingMonths == null;
        }
    }

    /** Points earned from a purchase stay pending for {@code days} (the return period). */
    public record Escrow(int days, String accountName) {}

    /**
     * Each earning expires {@code monthsAfterEarn} months after the day it was earned (null: not by age); and/or what a
     * member still has expires, once, after {@code inactivityMonths} months without earning or spending (null: never).
     */
    public record Expiry(Integer monthsAfterEarn, Integer inactivityMonths) {

        public Expiry(int monthsAfterEarn) {
            this(monthsAfterEarn, null);
        }
    }

    /** {@code downgrade} is what happens when a level ends, unless the level says otherwise. */
    public record TierSystem(String name, int qualifyingPointDefinition, List<TierLevel> levels, TierDowngrade downgrade) {

        public static final TierDowngrade DOWNGRADE_DEFAULT = TierDowngrade.TO_EARNED;

        public TierSystem {
            levels = List.copyOf(levels);
            downgrade = downgrade == null ? DOWNGRADE_DEFAULT : downgrade;
        }

        public TierSystem(String name, int qualifyingPointDefinition, List<TierLevel> levels) {
            this(name, qualifyingPointDefinition, levels, DOWNGRADE_DEFAULT);
        }

        /** What happens when {@code level} ends: its own {@code downgrade}, else the system's. */
        public TierDowngrade downgradeOf(TierLevel level) {
            return level.downgrade() != null ? level.downgrade() : downgrade;
        }
    }

    /**
     * {@code threshold} is {@code null} for the level of members not opted in (rank 0). {@code expiresMonths} is set
     * only with {@code MONTHS_AFTER_ENTRY}; {@code downgrade} null follows the tier system's. {@code benefits} are short
     * texts shown to the member; {@code earningMultiplier} (null: none) multiplies purchase points while the member
     * holds the level.
     */
    public record TierLevel(String name, int rank, Long threshold, TierExpiry expires, Integer expiresMonths, TierDowngrade downgrade,
            List<String> benefits, BigDecimal earningMultiplier) {

        public TierLevel {
            benefits = List.copyOf(benefits);
        }

        public TierLevel(String name, int rank, Long threshold, TierExpiry expires) {
            this(name, rank, threshold, expires, null, null, List.of(), null);
        }
    }

    public record Campaign(
            String id,
            String name,
            String description,
            OffsetDateTime startsAt,
            OffsetDateTime endsAt,
            Enrollment enrollment,
            Eligibility eligibility,
            Goal goal,
            Reward reward) {}

    /**
     * Who may take part in a campaign or redeem a reward: opted-in members with at least a tier rank and custom
     * attributes that equal the given values.
     */
    public record Eligibility(Integer minTierRank, Map<String, String> attributes) {
        public Eligibility {
            attributes = Map.copyOf(attributes);
        }

        /**
         * Why a member may not, if they may not: not opted in, a tier rank below {@code minTierRank} (asked of
         * {@code tierRank} only when there is a minimum), or an attribute that is missing or not equal.
         */
        public Optional<String> whyNot(boolean optedIn, IntSupplier tierRank, Map<String, ?> memberAttributes) {
            if (!optedIn) {
                return Optional.of("the member is not opted in to the program");
            }
            if (minTierRank != null) {
                int rank = tierRank.getAsInt();
                if (rank < minTierRank) {
                    return Optional.of("it needs tier rank " + minTierRank + " or higher, the member has " + rank);
                }
            }
            for (var required : attributes.entrySet()) {
                Object actual = memberAttributes.get(required.getKey());
                if (actual == null || !Objects.equals(String.valueOf(actual), required.getValue())) {
                    return Optional.of("it needs attribute " + required.getKey() + " = " + required.getValue());
                }
            }
            return Optional.empty();
        }
    }

    public enum RewardKind { VOUCHER, GIFT_CARD }

    /** Where a reward's voucher codes come from: generated by Laurel, or a pool an operator uploads. */
    public enum CodeSource { GENERATED, POOL }

    /**
     * A reward of the catalogue: {@code cost} points of a SPENDABLE definition Laurel masters buy a voucher, worth
     * {@code value} or a free {@code item} ({@code VOUCHER}), or a money {@code value} ({@code GIFT_CARD}), valid
     * {@code voucherValidDays}. Optional: {@code stock} (total units), {@code perMemberLimit}, a window, eligibility.
     */
    public record CatalogueReward(
            String id,
            String name,
            String description,
            String imageUrl,
            long cost,
            int pointDefinition,
            RewardKind kind,
            Money value,
            String item,
            Long stock,
            Integer perMemberLimit,
            OffsetDateTime startsAt,
            OffsetDateTime endsAt,
            Eligibility eligibility,
            int voucherValidDays,
            CodeSource codes) {

        public static final int VOUCHER_VALID_DAYS_DEFAULT = 365;

        /** Whether {@code at} is inside the reward's window (a missing end is open). */
        public boolean activeAt(Instant at) {
            return (startsAt == null || !at.isBefore(startsAt.toInstant())) && (endsAt == null || at.isBefore(endsAt.toInstant()));
        }
    }

    /** When cash-out periods end: the last day of each quarter, of each month, or listed dates (in the program's zone). */
    public enum CashOutSchedule { QUARTER_END, MONTH_END, DATES }

    /**
     * Cash-out periods: when a period ends (its last day is over, in the program's zone), each member's spendable
     * balance of {@code pointDefinition}, in whole {@code step}s, becomes one gift card worth {@code stepValue} per
     * step; members with less than {@code minimum} (and at least one step) are left alone. Periods ending before
     * {@code startsOn} are never cashed out; only the latest period that has ended is (a balance is converted as it
     * stands when the run comes, so an older period missed would convert the same points).
     */
    public record CashOut(
            int pointDefinition,
            CashOutSchedule schedule,
            List<LocalDate> dates,
            LocalDate startsOn,
            long step,
            Money stepValue,
            Long minimum,
            String name,
            int voucherValidDays) {

        public static final String NAME_DEFAULT = "Gift card";

        public CashOut {
            dates = List.copyOf(dates);
        }

        /** The least balance that is cashed out: one step, or the minimum when that is more. */
        public long threshold() {
            return minimum == null ? step : Math.max(step, minimum);
        }

        /**
         * The last day of the latest period that has ended by {@code today} (that is, before it), if any on or after
         * {@code startsOn}.
         */
        public Optional<LocalDate> lastEndedPeriod(LocalDate today) {
            LocalDate end = switch (schedule) {
                case QUARTER_END -> today.withMonth((today.getMonthValue() - 1) / 3 * 3 + 1).withDayOfMonth(1).minusDays(1);
                case MONTH_END -> today.withDayOfMonth(1).minusDays(1);
                case DATES -> dates.stream().filter(d -> d.isBefore(today)).max(Comparator.naturalOrder()).orElse(null);
            };
            return Optional.ofNullable(end).filter(e -> !e.isBefore(startsOn));
        }
    }

    /** Either {@code count} events of {@code eventType}, or the {@code sumAttribute} of those events reaching {@code target}. */
    public record Goal(String eventType, Integer count, String sumAttribute, BigDecimal target) {}

    /** Either {@code points} on {@code pointDefinition}, or a {@code multiplier} on purchase points during the window. */
    public record Reward(Long points, Integer pointDefinition, BigDecimal multiplier) {}

    public record PointMaster(String historyUrl, AdjustmentsWebhook adjustmentsWebhook) {}

    /**
     * A named subset of the timeline: the event types it shows (all when empty), the attribute fields
     * it shows of them (all when empty), and how far back it looks (for ever when null).
     */
    public record TimelineView(String name, List<String> eventTypes, List<String> fields, Duration window) {
        public TimelineView {
            eventTypes = List.copyOf(eventTypes);
            fields = List.copyOf(fields);
        }
    }

    /** A console user of this program: the bcrypt hash of the password only. */
    public record Operator(String username, String name, String passwordBcrypt) {
        @Override
        public String toString() {
            return "Operator[" + username + "]";
        }
    }

    public Optional<Operator> operator(String username) {
        return operators.stream().filter(o -> o.username().equals(username)).findFirst();
    }

    public Optional<TimelineView> timelineView(String name) {
        return timelineViews.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public record AdjustmentsWebhook(String url, String encryptionKey, String signingSecret) {
        @Override
        public String toString() {
            return "AdjustmentsWebhook[url=" + url + ", encryptionKey=***, signingSecret="
                    + (signingSecret == null ? "none" : "***") + "]";
        }
    }

    /** The {@code webhooks} section: who receives the program's events. */
    public record Webhooks(List<Subscription> subscriptions) {
        public Webhooks {
            subscriptions = List.copyOf(subscriptions);
        }

        public Optional<Subscription> subscription(String url) {
            return subscriptions.stream().filter(s -> s.url().equals(url)).findFirst();
        }
    }

    /** A receiver of events: its URL (one subscription per URL), its Standard Webhooks signing secret, the event types it takes. */
    public record Subscription(String url, String secret, Set<String> events) {
        public Subscription {
            events = Set.copyOf(events);
        }

        @Override
        public String toString() {
            return "Subscription[url=" + url + ", secret=***, events=" + events + "]";
        }
    }
}
