package dev.laurel.campaigns;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;

/** A campaign as members and operators see it. */
public record CampaignView(String id, String name, String description, OffsetDateTime startsAt, OffsetDateTime endsAt,
        String enrollment, EligibilityView eligibility, GoalView goal, RewardView reward) {

    public record EligibilityView(Integer minTierRank, Map<String, String> attributes) {}

    public record GoalView(String eventType, Integer count, String sumAttribute, BigDecimal target) {}

    public record RewardView(Long points, Integer pointDefinition, BigDecimal multiplier) {}
}
