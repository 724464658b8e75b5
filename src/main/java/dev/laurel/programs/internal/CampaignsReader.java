package dev.laurel.programs.internal;

import dev.laurel.programs.Program.Campaign;
import dev.laurel.programs.Program.Eligibility;
import dev.laurel.programs.Program.Enrollment;
import dev.laurel.programs.Program.Goal;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.Reward;
import dev.laurel.programs.Program.TierSystem;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code campaigns} section: ids unique, the window ends after it starts, eligibility names a
 * tier level that exists, a goal counts or sums (not both), a reward gives points on a definition
 * Laurel masters or multiplies (not both).
 */
final class CampaignsReader {

    private CampaignsReader() {}

    static List<Campaign> read(Fields program, List<PointDefinition> definitions, TierSystem tiers) {
        List<Campaign> campaigns = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Fields campaign : program.objects("campaigns")) {
            String id = campaign.text("id");
            if (id != null && !ids.add(id)) {
                campaign.error("id", "'" + id + "' is used by another campaign");
            }
            OffsetDateTime startsAt = campaign.dateTime("startsAt");
            OffsetDateTime endsAt = campaign.dateTime("endsAt");
            if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
                campaign.error("endsAt", "must be after startsAt");
            }
            campaigns.add(new Campaign(id, campaign.text("name"), campaign.text("description"), startsAt, endsAt,
                    campaign.enumValue("enrollment", Enrollment.class), eligibility(campaign.object("eligibility"), tiers),
                    goal(campaign.object("goal")), reward(campaign.object("reward"), definitions)));
        }
        return campaigns;
    }

    /** An {@code eligibility} object, of a campaign or a reward: the tier rank names a level, attribute values are scalars. */
    static Eligibility eligibility(Fields eligibility, TierSystem tiers) {
        if (eligibility == null) {
            return new Eligibility(null, Map.of());
        }
        Integer rank = eligibility.integer("minTierRank");
        if (rank != null && (tiers == null || tiers.levels().stream().noneMatch(l -> l.rank() == rank))) {
            eligibility.error("minTierRank", tiers == null
                    ? "needs a tierSystem in this program"
                    : "names no level of the tier system (was " + rank + ")");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        Fields given = eligibility.object("attributes");
        for (String name : given == null ? List.<String>of() : given.node().propertyNames()) {
            if (given.node().get(name).isNull()) {
                // The schema never sees a null (a null field counts as left out), but an attribute is a value to match.
                given.error(name, "must be a string, number or boolean");
            } else if (given.scalar(name) != null) {
                attributes.put(name, given.scalar(name));
            }
        }
        return new Eligibility(rank, attributes);
    }

    private static Goal goal(Fields goal) {
        if (goal == null) {
            return null;
        }
        boolean counting = goal.has("count");
        boolean summing = goal.has("sumAttribute") || goal.has("target");
        if (counting == summing) {
            goal.error("count", "give either count, or sumAttribute with target");
        } else if (summing && !goal.has("sumAttribute")) {
            goal.error("sumAttribute", "is required with target");
        } else if (summing && !goal.has("target")) {
            goal.error("target", "is required with sumAttribute");
        }
        return new Goal(goal.text("eventType"), goal.integer("count"), goal.text("sumAttribute"), goal.decimal("target"));
    }

    private static Reward reward(Fields reward, List<PointDefinition> definitions) {
        if (reward == null) {
            return null;
        }
        boolean giving = reward.has("points") || reward.has("pointDefinition");
        if (giving == reward.has("multiplier")) {
            reward.error("points", "give either points with pointDefinition, or multiplier");
        } else if (giving) {
            if (!reward.has("points")) {
                reward.error("points", "is required with pointDefinition");
            }
            if (!reward.has("pointDefinition")) {
                reward.error("pointDefinition", "is required with points");
            } else if (reward.integer("pointDefinition") != null) {
                checkDefinition(reward, definitions, reward.integer("pointDefinition"));
            }
        }
        return new Reward(reward.longInteger("points"), reward.integer("pointDefinition"), reward.decimal("multiplier"));
    }

    private static void checkDefinition(Fields reward, List<PointDefinition> definitions, int id) {
        Optional<PointDefinition> definition = definitions.stream().filter(d -> d.id() == id).findFirst();
        if (definition.isEmpty()) {
            reward.error("pointDefinition", "names no point definition of this program (was " + id + ")");
        } else if (!definition.get().master()) {
            reward.error("pointDefinition", "must be a definition Laurel masters, not a follower");
        }
    }
}
