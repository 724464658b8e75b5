package dev.laurel.api.sessionm;

import dev.laurel.earning.AvailablePoints;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.PointAccount;
import dev.laurel.members.Identifier;
import dev.laurel.members.Member;
import dev.laurel.members.MemberId;
import dev.laurel.members.MemberNotFound;
import dev.laurel.members.MemberPage;
import dev.laurel.members.MemberQuery;
import dev.laurel.members.Members;
import dev.laurel.platform.InvalidInput;
import dev.laurel.platform.Problem;
import dev.laurel.programs.Caller;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Programs;
import dev.laurel.tiers.TierStatus;
import dev.laurel.tiers.Tiers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * SessionM's customer search with loyalty data, and GetBalance / GetAllBalances, as the SessionM
 * workflow document shows them. Thin: find the member, read points and tier from their modules,
 * answer in SessionM's shape (errors too: {@code {"status": "error", "errors": {...}}}).
 *
 * <p>SessionM fields Laurel does not model come from the member's custom attribute of the same
 * name when there is one, else their neutral value: {@code activated} false, {@code test_points} 0,
 * {@code unclaimed_achievement_count} 0, {@code suspended} false, {@code account_status} "good",
 * {@code profile_photo_url} "/images/account-neutral.png", {@code dma} null. SessionM's ids for tier
 * systems, levels, rules and point accounts are name-based UUIDs: stable across calls and nodes.
 */
@RestController
@Tag(name = "SessionM")
class UsersController {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Programs programs;
    private final Members members;
    private final Ledger ledger;
    private final Tiers tiers;

    UsersController(Programs programs, Members members, Ledger ledger, Tiers tiers) {
        this.programs = programs;
        this.members = members;
        this.ledger = ledger;
        this.tiers = tiers;
    }

    static final class AppNotFound extends Problem {
        AppNotFound(String appKey) {
            super(404, "app-not-found", "App not found", "No app '" + appKey + "' for this key.");
        }
    }

    static final class UserNotFound extends Problem {
        UserNotFound() {
            super(404, "user-not-found", "User not found", "No user matches the search.");
        }
    }

    @GetMapping("/priv/v1/apps/{appKey}/users/search")
    @Operation(summary = "Search a customer with loyalty data (SessionM)", description = """
            Exactly one of `email`, `external_id`, `mobile_number`. `user[user_profile]=true` adds the custom attributes, \
            `expand_incentives=true` adds `tier_details` and `point_account_balances`, `show_identifiers=true` adds every \
            identifier. Authorised by `Authorization: Basic` with a program key as the password; `appKey` is the program's \
            `sessionm.appKey`. Errors: `{"status": "error", "errors": {"code", "message"}}` (401, 404, 400).""")
    Map<String, Object> search(Caller caller, @PathVariable String appKey,
            @RequestParam(required = false) String email,
            @RequestParam(name = "external_id", required = false) String externalId,
            @RequestParam(name = "mobile_number", required = false) String mobileNumber,
            @RequestParam(name = "user[user_profile]", defaultValue = "false") boolean userProfile,
            @RequestParam(name = "expand_incentives", defaultValue = "false") boolean expandIncentives,
            @RequestParam(name = "show_identifiers", defaultValue = "false") boolean showIdentifiers) {
        Program program = program(caller, appKey);
        long keys = java.util.stream.Stream.of(email, externalId, mobileNumber).filter(k -> k != null && !k.isBlank()).count();
        if (keys != 1) {
            throw new InvalidInput("search", keys == 0 ? "give one of email, external_id or mobile_number"
                    : "give only one of email, external_id or mobile_number");
        }
        MemberPage found = members.search(program.id(), new MemberQuery(blank(email), blank(externalId), blank(mobileNumber), null, null, 1));
        Member member = found.items().stream().findFirst().orElseThrow(UserNotFound::new);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "ok");
        answer.put("user", user(program, member, userProfile, expandIncentives, showIdentifiers));
        return answer;
    }

    @GetMapping("/priv/v1/apps/{appKey}/users/{userId}/point_accounts")
    @Operation(summary = "GetAllBalances (SessionM): every point account of a user, escrow accounts included")
    Map<String, Object> allBalances(Caller caller, @PathVariable String appKey, @PathVariable String userId) {
        Program program = program(caller, appKey);
        Member member = member(program, userId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "ok");
        answer.put("point_account_balances", balances(program, member, accounts(program, member)));
        return answer;
    }

    @GetMapping("/priv/v1/apps/{appKey}/users/{userId}/point_accounts/{pointAccountId}")
    @Operation(summary = "GetBalance (SessionM): one point account of a user, by its point_account_id")
    Map<String, Object> balance(Caller caller, @PathVariable String appKey, @PathVariable String userId, @PathVariable String pointAccountId) {
        Program program = program(caller, appKey);
        Member member = member(program, userId);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> details = (List<Map<String, Object>>) balances(program, member, accounts(program, member)).get("details");
        Map<String, Object> account = details.stream().filter(d -> pointAccountId.equals(d.get("point_account_id"))).findFirst()
                .orElseThrow(() -> new PointAccountNotFound(pointAccountId));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "ok");
        answer.put("point_account_balance", account);
        return answer;
    }

    static final class PointAccountNotFound extends Problem {
        PointAccountNotFound(String id) {
            super(404, "point-account-not-found", "Point account not found", "No point account '" + id + "' in this program.");
        }
    }

    private Program program(Caller caller, String appKey) {
        Program program = programs.get(caller.programId());
        if (program.sessionm() == null || !program.sessionm().appKey().equals(appKey)) {
            throw new AppNotFound(appKey);
        }
        return program;
    }

    private Member member(Program program, String userId) {
        try {
            return members.get(program.id(), MemberId.of(UUID.fromString(userId)));
        } catch (IllegalArgumentException notAUuid) {
            throw new MemberNotFound(userId);
        }
    }

    private List<PointAccount> accounts(Program program, Member member) {
        return ledger.accounts(program.id(), member.id().value(), program.timezone());
    }

    private Map<String, Object> user(Program program, Member m, boolean userProfile, boolean expandIncentives, boolean showIdentifiers) {
        Map<String, Object> a = m.attributes();
        List<PointAccount> accounts = accounts(program, m);
        Optional<TierStatus> tier = tiers.status(program.id(), m.id().value());
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("id", m.id().toString());
        u.put("external_id", m.externalId());
        u.put("opted_in", m.optedIn());
        u.put("activated", attribute(a, "activated", false));
        u.put("proxy_ids", m.identifiers().stream().filter(i -> i.type().equals("proxy_id")).map(Identifier::value).toList());
        u.put("available_points", AvailablePoints.of(program, accounts));
        u.put("test_points", attribute(a, "test_points", 0));
        u.put("unclaimed_achievement_count", attribute(a, "unclaimed_achievement_count", 0));
        u.put("email", m.email());
        u.put("gender", m.gender());
        u.put("dob", m.dob() == null ? null : m.dob().toString());
        u.put("created_at", time(m.createdAt()));
        u.put("updated_at", time(m.updatedAt()));
        u.put("address", m.address());
        u.put("address2", m.address2());
        u.put("city", m.city());
        u.put("zip", m.zip());
        u.put("dma", attribute(a, "dma", null));
        u.put("state", m.state());
        u.put("country", m.country());
        u.put("suspended", attribute(a, "suspended", false));
        u.put("last_name", m.lastName());
        u.put("first_name", m.firstName());
        u.put("registered_at", time(m.createdAt()));
        u.put("profile_photo_url", attribute(a, "profile_photo_url", "/images/account-neutral.png"));
        u.put("account_status", attribute(a, "account_status", "good"));
        u.put("current_zip", m.zip());
        u.put("current_dma", attribute(a, "dma", null));
        u.put("current_state", m.state());
        u.put("current_country", m.country());
        u.put("tier", tier.map(t -> t.level().toUpperCase(Locale.ROOT)).orElse(null));
        u.put("tier_system", tier.map(TierStatus::tierSystem).orElse(null));
        u.put("tier_points", tier.map(TierStatus::tierPoints).orElse(null));
        u.put("next_tier_points", tier.map(TierStatus::pointsToNextLevel).orElse(null));
        u.put("tier_ends_value", tier.map(TierStatus::nextThreshold).orElse(null));
        u.put("tier_entered_at", tier.map(t -> time(t.enteredAt())).orElse(null));
        u.put("tier_resets_at", tier.map(t -> time(t.resetsAt())).orElse(null));
        if (userProfile) {
            u.put("user_profile", a);
        }
        if (showIdentifiers) {
            u.put("identifiers", m.identifiers().stream().map(i -> {
                Map<String, Object> id = new LinkedHashMap<>();
                id.put("external_id_type", i.type());
                id.put("external_id", i.value());
                return id;
            }).toList());
        }
        if (expandIncentives) {
            tier.ifPresent(t -> u.put("tier_details", tierDetails(program, m, t)));
            u.put("point_account_balances", balances(program, m, accounts));
        }
        return u;
    }

    private Map<String, Object> tierDetails(Program program, Member m, TierStatus t) {
        String retailer = program.sessionm().retailerId() == null ? null : program.sessionm().retailerId().toString();
        String systemId = id(program, "tier-system");
        Map<String, Object> level = new LinkedHashMap<>();
        level.put("id", id(program, "member-tier:" + m.id()));
        level.put("tier_system_id", systemId);
        level.put("tier_level_id", id(program, "tier-level:" + t.rank()));
        level.put("user_id", m.id().toString());
        level.put("join_date", t.enteredAt() == null ? null
                : DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofInstant(t.enteredAt(), ZoneOffset.UTC)));
        level.put("tier_overview", overview(program, retailer, t.level(), t.rank()));
        level.put("next_tier_overview", t.nextLevel() == null ? null : overview(program, retailer, t.nextLevel(), t.nextRank()));
        List<Object> progress = new ArrayList<>();
        if (t.nextThreshold() != null) {
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
            progress.add(treeBody);
        }
        level.put("tier_progress", progress);
        return Map.of("tier_levels", List.of(level));
    }

    private Map<String, Object> overview(Program program, String retailer, String name, int rank) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", id(program, "tier-level:" + rank));
        o.put("tier_system_id", id(program, "tier-system"));
        o.put("retailer_id", retailer);
        o.put("name", name.toUpperCase(Locale.ROOT));
        o.put("rank", rank);
        o.put("status", 2);
        return o;
    }

    /** point_account_balances: one row per definition, each followed by its escrow account when it has escrow. */
    private Map<String, Object> balances(Program program, Member m, List<PointAccount> accounts) {
        Map<Integer, PointAccount> byDefinition = accounts.stream().collect(Collectors.toMap(PointAccount::definitionId, Function.identity()));
        List<Map<String, Object>> details = new ArrayList<>();
        long total = 0;
        long lifetime = 0;
        for (PointDefinition d : program.pointDefinitions().stream().sorted(Comparator.comparingInt(PointDefinition::id)).toList()) {
            PointAccount a = byDefinition.getOrDefault(d.id(), PointAccount.empty(d.id()));
            details.add(detail(d.name(), a.id() == null ? "" : a.id().toString(), id(program, "point-account:" + d.id()),
                    d.groupingLabel() == null ? "" : d.groupingLabel(), a.balance(), a.lifetimeEarned()));
            total = Math.addExact(total, a.balance());
            lifetime = Math.addExact(lifetime, a.lifetimeEarned());
            if (d.escrow() != null) {
                // An escrow account holds points only while they are pending: its value is what it holds now.
                details.add(detail(d.escrow().accountName() == null ? d.name() + " Escrow" : d.escrow().accountName(), "",
                        id(program, "escrow-account:" + d.id()), "", a.pending(), a.pending()));
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total_points", total);
        summary.put("life_time_points", lifetime);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("retailer_id", program.sessionm().retailerId() == null ? null : program.sessionm().retailerId().toString());
        b.put("user_id", m.id().toString());
        b.put("summary", summary);
        b.put("details", details);
        return b;
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

    /** SessionM-style ids for things Laurel names by their place in the program: name-based UUIDs. */
    static String id(Program program, String what) {
        return UUID.nameUUIDFromBytes(("laurel:" + program.id() + ":" + what).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Object attribute(Map<String, Object> attributes, String name, Object fallback) {
        return attributes.getOrDefault(name, fallback);
    }

    private static String time(Instant at) {
        return at == null ? null : TIME.format(at);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

}
