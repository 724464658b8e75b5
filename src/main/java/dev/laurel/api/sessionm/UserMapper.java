package dev.laurel.api.sessionm;

import dev.laurel.earning.PointsOverview;
import dev.laurel.members.Identifier;
import dev.laurel.members.Member;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.tiers.TierStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SessionM's user object and point account balances, mapped from a member, their
 * {@link PointsOverview} and tier, field for field in the order of the SessionM workflow document.
 *
 * <p>SessionM fields Laurel does not model come from the member's custom attribute of the same
 * name when there is one, else their neutral value: {@code activated} false, {@code test_points} 0,
 * {@code unclaimed_achievement_count} 0, {@code suspended} false, {@code account_status} "good",
 * {@code profile_photo_url} "/images/account-neutral.png", {@code dma} null. SessionM's ids for tier
 * systems, levels, rules and point accounts are name-based UUIDs: stable across calls and nodes.
 */
final class UserMapper {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private UserMapper() {}

    /** What the search adds to the user: custom attributes, tier details and balances, every identifier. */
    record Expand(boolean userProfile, boolean incentives, boolean identifiers) {}

    static Map<String, Object> user(Program program, Member m, PointsOverview points, Optional<TierStatus> tier, Expand expand) {
        Map<String, Object> a = m.attributes();
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("id", m.id().toString());
        u.put("external_id", m.externalId());
        u.put("opted_in", m.optedIn());
        u.put("activated", a.getOrDefault("activated", false));
        u.put("proxy_ids", m.identifiers().stream().filter(i -> i.type().equals("proxy_id")).map(Identifier::value).toList());
        u.put("available_points", points.availablePoints());
        u.put("test_points", a.getOrDefault("test_points", 0));
        u.put("unclaimed_achievement_count", a.getOrDefault("unclaimed_achievement_count", 0));
        u.put("email", m.email());
        u.put("gender", m.gender());
        u.put("dob", m.dob() == null ? null : m.dob().toString());
        u.put("created_at", time(m.createdAt()));
        u.put("updated_at", time(m.updatedAt()));
        u.put("address", m.address());
        u.put("address2", m.address2());
        u.put("city", m.city());
        u.put("zip", m.zip());
        u.put("dma", a.getOrDefault("dma", null));
        u.put("state", m.state());
        u.put("country", m.country());
        u.put("suspended", a.getOrDefault("suspended", false));
        u.put("last_name", m.lastName());
        u.put("first_name", m.firstName());
        u.put("registered_at", time(m.createdAt()));
        u.put("profile_photo_url", a.getOrDefault("profile_photo_url", "/images/account-neutral.png"));
        u.put("account_status", a.getOrDefault("account_status", "good"));
        u.put("current_zip", m.zip());
        u.put("current_dma", a.getOrDefault("dma", null));
        u.put("current_state", m.state());
        u.put("current_country", m.country());
        putTier(u, tier);
        if (expand.userProfile()) {
            u.put("user_profile", a);
        }
        if (expand.identifiers()) {
            u.put("identifiers", m.identifiers().stream().map(UserMapper::identifier).toList());
        }
        if (expand.incentives()) {
            tier.ifPresent(t -> u.put("tier_details", tierDetails(program, m, t)));
            u.put("point_account_balances", balances(program, m, points));
        }
        return u;
    }

    private static void putTier(Map<String, Object> u, Optional<TierStatus> tier) {
        u.put("tier", tier.map(t -> t.level().toUpperCase(Locale.ROOT)).orElse(null));
        u.put("tier_system", tier.map(TierStatus::tierSystem).orElse(null));
        u.put("tier_points", tier.map(TierStatus::tierPoints).orElse(null));
        u.put("next_tier_points", tier.map(TierStatus::pointsToNextLevel).orElse(null));
        u.put("tier_ends_value", tier.map(TierStatus::nextThreshold).orElse(null));
        u.put("tier_entered_at", tier.map(t -> time(t.enteredAt())).orElse(null));
        u.put("tier_resets_at", tier.map(t -> time(t.resetsAt())).orElse(null));
    }

    private static Map<String, Object> identifier(Identifier i) {
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("external_id_type", i.type());
        id.put("external_id", i.value());
        return id;
    }

    private static Map<String, Object> tierDetails(Program program, Member m, TierStatus t) {
        String retailer = retailerId(program);
        Map<String, Object> level = new LinkedHashMap<>();
        level.put("id", id(program, "member-tier:" + m.id()));
        level.put("tier_system_id", id(program, "tier-system"));
        level.put("tier_level_id", id(program, "tier-level:" + t.rank()));
        level.put("user_id", m.id().toString());
        level.put("join_date", t.enteredAt() == null ? null
                : DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofInstant(t.enteredAt(), ZoneOffset.UTC)));
        level.put("tier_overview", tierOverview(program, retailer, t.level(), t.rank()));
        level.put("next_tier_overview", t.nextLevel() == null ? null : tierOverview(program, retailer, t.nextLevel(), t.nextRank()));
        List<Object> progress = new ArrayList<>();
        if (t.nextThreshold() != null) {
            progress.add(ruleTree(program, retailer, t));
        }
        level.put("tier_progress", progress);
        return Map.of("tier_levels", List.of(level));
    }

    /** The rule tree of the next level: its one rule, a target balance on the tier-qualifying account, and where the member is. */
    private static Map<String, Object> ruleTree(Program program, String retailer, TierStatus t) {
        String tree = id(program, "rule-tree:" + t.nextRank());
        String rule = id(program, "rule:" + t.nextRank());
        String parent = id(program, "rule-parent:" + t.nextRank());
        PointDefinition qualifying = program.definition(program.tierSystem().qualifyingPointDefinition()).orElseThrow();
        Map<String, Object> constraint = new LinkedHashMap<>();
        constraint.put("discriminator", 8);
        constraint.put("point_accounts", Map.of(id(program, "point-account:" + qualifying.id()), qualifying.name()));
        constraint.put("id", id(program, "constraint:" + t.nextRank()));
        constraint.put("rule_id", rule);
        constraint.put("is_new", false);
        constraint.put("rank", 0);
        Map<String, Object> ruleBody = new LinkedHashMap<>();
        ruleBody.put("discriminator", 2048);
        ruleBody.put("target_balance", t.nextThreshold());
        ruleBody.put("comparison", 4);
        ruleBody.put("id", rule);
        ruleBody.put("retailer_id", retailer);
        ruleBody.put("parent_id", parent);
        ruleBody.put("rank", 0);
        ruleBody.put("is_new", false);
        ruleBody.put("constraints", List.of(constraint));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("query_result", t.tierPoints());
        result.put("rule_id", rule);
        result.put("parent_id", parent);
        result.put("tree_id", tree);
        result.put("rule_passed", t.tierPoints() >= t.nextThreshold());
        result.put("rule", ruleBody);
        Map<String, Object> treeBody = new LinkedHashMap<>();
        treeBody.put("rule_tree_id", tree);
        treeBody.put("rules", List.of(result));
        treeBody.put("discriminator", 2);
        treeBody.put("rule_tree_name", "");
        return treeBody;
    }

    private static Map<String, Object> tierOverview(Program program, String retailer, String name, int rank) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", id(program, "tier-level:" + rank));
        o.put("tier_system_id", id(program, "tier-system"));
        o.put("retailer_id", retailer);
        o.put("name", name.toUpperCase(Locale.ROOT));
        o.put("rank", rank);
        o.put("status", 2);
        return o;
    }

    /** point_account_balances: one detail per account, each followed by its escrow account when it has escrow. */
    static Map<String, Object> balances(Program program, Member m, PointsOverview points) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total_points", points.totalPoints());
        summary.put("life_time_points", points.lifetimePoints());
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("retailer_id", retailerId(program));
        b.put("user_id", m.id().toString());
        b.put("summary", summary);
        b.put("details", details(program, points));
        return b;
    }

    static List<Map<String, Object>> details(Program program, PointsOverview points) {
        List<Map<String, Object>> details = new ArrayList<>();
        for (PointsOverview.Account a : points.accounts()) {
            details.add(detail(a.name(), a.accountId() == null ? "" : a.accountId().toString(),
                    id(program, "point-account:" + a.definitionId()),
                    a.definition().groupingLabel() == null ? "" : a.definition().groupingLabel(), a.balance(), a.lifetimeEarned()));
            if (a.escrowAccountName() != null) {
                // An escrow account holds points only while they are pending: its value is what it holds now.
                details.add(detail(a.escrowAccountName(), "", id(program, "escrow-account:" + a.definitionId()), "", a.pending(),
                        a.pending()));
            }
        }
        return details;
    }

    private static Map<String, Object> detail(String name, String userAccountId, String accountId, String label, long balance, long lifetime) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("account_name", name);
        d.put("user_point_account_id", userAccountId);
        d.put("point_account_id", accountId);
        d.put("grouping_label", label);
        d.put("available_balance", balance);
        d.put("life_time_value", lifetime);
        return d;
    }

    private static String retailerId(Program program) {
        return program.sessionm().retailerId() == null ? null : program.sessionm().retailerId().toString();
    }

    /** SessionM-style ids for things Laurel names by their place in the program: name-based UUIDs. */
    static String id(Program program, String what) {
        return UUID.nameUUIDFromBytes(("laurel:" + program.id() + ":" + what).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String time(Instant at) {
        return at == null ? null : TIME.format(at);
    }
}
