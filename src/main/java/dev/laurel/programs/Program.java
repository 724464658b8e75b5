package dev.laurel.programs;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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
        List<Operator> operators) {

    public Program {
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

    public Optional<Campaign> campaign(String campaignId) {
        return campaigns.stream().filter(c -> c.id().equals(campaignId)).findFirst();
    }

    /** A key's name, the SHA-256 of its secret, and what it may do. */
    public record ApiKeySpec(String name, String secretSha256, Set<Scope> scopes) {
        public ApiKeySpec {
            scopes = Set.copyOf(scopes);
        }
    }

    public enum AvailablePoints { SPENDABLE, SPENDABLE_PLUS_ESCROW }

    public enum Purpose { SPENDABLE, TIER_QUALIFYING }

    /** How a definition follows another system that is its point master; {@code null} on a definition Laurel masters. */
    public enum FollowerMode { TRANSACTIONS, BALANCE }

    public enum TierExpiry { NEVER, END_OF_FOLLOWING_CALENDAR_YEAR }

    public enum Enrollment { OPT_IN, AUTOMATIC }

    public record SessionM(String appKey, UUID retailerId) {}

    public record Earning(BigDecimal pointsPerCurrencyUnit) {}

    public record PointDefinition(
            int id,
            String name,
            String groupingLabel,
            Purpose purpose,
            Escrow escrow,
            Expiry expiry,
            FollowerMode follower,
            boolean allowNegative) {

        public boolean master() {
            return follower == null;
        }
    }

    /** Points earned from a purchase stay pending for {@code days} (the return period). */
    public record Escrow(int days, String accountName) {}

    /** Each earning expires {@code monthsAfterEarn} months after the day it was earned. */
    public record Expiry(int monthsAfterEarn) {}

    public record TierSystem(String name, int qualifyingPointDefinition, List<TierLevel> levels) {
        public TierSystem {
            levels = List.copyOf(levels);
        }
    }

    /** {@code threshold} is {@code null} for the level of members not opted in (rank 0). */
    public record TierLevel(String name, int rank, Long threshold, TierExpiry expires) {}

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

    /** Who may take part: a minimum tier rank and custom attributes that must equal the given values. */
    public record Eligibility(Integer minTierRank, Map<String, String> attributes) {
        public Eligibility {
            attributes = Map.copyOf(attributes);
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
}
