package dev.laurel.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import dev.laurel.web.RewardsPageLinks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Tier points are one number (issue 16): the tier-qualifying account's balance, counted over the definition's
 * qualification period, is what the SessionM user, the progress rule, {@code GET /v1/members/{id}/tier} and the rewards
 * page show and what decides the level. ACME's definition counts the calendar year (New York).
 */
class TierPointsTest extends IntegrationTest {

    static final Instant SPRING_2026 = Instant.parse("2026-04-01T16:00:00Z");
    /** Midnight at the start of 2027 in New York. */
    static final Instant NEW_YEAR_2027 = Instant.parse("2027-01-01T05:00:00Z");
    static final Instant NEW_YEAR_2028 = Instant.parse("2028-01-01T05:00:00Z");

    @Autowired
    ApplicationContext context;

    private final List<TestProgram> used = new ArrayList<>();

    @AfterEach
    void ledgerAgrees() {
        for (TestProgram program : used) {
            JsonNode check = as(program).get("/v1/admin/ledger/verify").json();
            assertThat(check.get("mismatches").asLong()).as(check.toString()).isZero();
        }
    }

    private TestProgram acme() {
        return acme(yaml -> yaml);
    }

    private TestProgram acme(UnaryOperator<String> edit) {
        TestProgram program = newProgram(TestProgram.ACME, Map.of(), edit);
        used.add(program);
        return program;
    }

    private JsonNode user(TestProgram program, String email) {
        Api sessionm = api().header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("acme:" + program.adminKey()).getBytes(StandardCharsets.UTF_8)));
        Response r = sessionm.get("/priv/v1/apps/acme-app/users/search?email=" + email + "&expand_incentives=true");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("user");
    }

    private List<JsonNode> entries(Api api, String member, String source) {
        List<JsonNode> found = new ArrayList<>();
        api.get("/v1/members/" + member + "/points-log?definitionId=2&limit=500").json().get("items").forEach(e -> {
            if (e.get("source").asString().equals(source)) {
                found.add(e);
            }
        });
        return found;
    }

    private long tierBalance(Api api, String member) {
        for (JsonNode a : api.get("/v1/members/" + member + "/point-accounts").json()) {
            if (a.get("definitionId").asInt() == 2) {
                return a.get("balance").asLong();
            }
        }
        return 0;
    }

    /** One number everywhere: the user's tier_points, the rule's query_result, next_tier_points, the tier API and the rewards page. */
    private void showsEverywhere(TestProgram program, String email, String member, String level, long points, Long toNext) {
        Api api = as(program);
        JsonNode user = user(program, email);
        assertThat(user.get("tier").asString()).isEqualTo(level.toUpperCase(Locale.ROOT));
        assertThat(user.get("tier_points").asLong()).isEqualTo(points);
        assertThat(tierBalance(api, member)).isEqualTo(points);
        JsonNode tier = api.get("/v1/members/" + member + "/tier").json();
        assertThat(tier.get("level").asString()).isEqualTo(level);
        assertThat(tier.get("tierPoints").asLong()).isEqualTo(points);
        String page = api().get(RewardsPageLinks.path(context, program.id(), UUID.fromString(member))).body();
        // the page writes numbers as its language does: 1,250 in English
        assertThat(page).contains("<p class=\"muted\" id=\"tier-points\">" + String.format(Locale.ENGLISH, "%,d", points) + " tier points</p>");
        JsonNode progress = user.get("tier_details").get("tier_levels").get(0).get("tier_progress");
        if (toNext == null) {
            assertThat(user.get("next_tier_points").isNull()).isTrue();
            assertThat(user.get("tier_ends_value").isNull()).isTrue();
            assertThat(progress).isEmpty();
            assertThat(tier.get("nextThreshold").isNull()).isTrue();
            assertThat(page).contains("You are at the top level.");
        } else {
            JsonNode rule = progress.get(0).get("rules").get(0);
            assertThat(rule.get("query_result").asLong()).isEqualTo(points);
            assertThat(rule.get("rule_passed").asBoolean()).isFalse();
            assertThat(user.get("next_tier_points").asLong()).isEqualTo(toNext);
            assertThat(user.get("tier_ends_value").asLong() - points).isEqualTo(toNext);
            assertThat(tier.get("nextThreshold").asLong() - tier.get("tierPoints").asLong()).isEqualTo(toNext);
            assertThat(page).contains("<p id=\"tier-next\">" + String.format(Locale.ENGLISH, "%,d", toNext) + " points to "
                    + tier.get("nextLevel").asString() + "</p>");
        }
    }

    @Test
    void reaching_a_threshold_by_any_route_is_that_level_at_once_and_every_view_shows_the_same_number() {
        clock.set(SPRING_2026, true);
        TestProgram program = acme();
        Api api = as(program);
        String member = api.optedInMember("one@example.com");

        api.adjust(member, 2, 1500);
        showsEverywhere(program, "one@example.com", member, "Base", 1500, 500L);

        // Purchase points count once the return period is over; an operator's tier points count at once.
        Response purchase = api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"P-1\", \"amount\": \"8000.00\","
                + " \"currency\": \"USD\", \"occurredAt\": \"" + SPRING_2026 + "\"}");
        assertThat(purchase.status()).as(purchase.toString()).isEqualTo(201);
        clock.advance(Duration.ofDays(30));
        api.runJobs();
        showsEverywhere(program, "one@example.com", member, "Silver", 9500, 500L);

        // 10,000 exactly: Gold, never "Silver with 10000 of 10000 and 0 to go".
        clock.advance(Duration.ofHours(1));
        api.adjust(member, 2, 500);
        showsEverywhere(program, "one@example.com", member, "Gold", 10000, null);
        JsonNode last = api.lastTierChange(member);
        assertThat(last.get("reason").asString()).isEqualTo("UPGRADED");
        assertThat(last.get("qualifyingPoints").asLong()).isEqualTo(10000);
    }

    @Test
    void tier_points_given_back_by_reversing_a_deduction_reach_their_level_at_once() {
        clock.set(SPRING_2026, true);
        TestProgram program = acme();
        Api api = as(program);
        String member = api.optedInMember("back@example.com");
        api.adjust(member, 2, 1500);
        String deduction = api.adjust(member, 2, -300);
        api.adjust(member, 2, 700);
        showsEverywhere(program, "back@example.com", member, "Base", 1900, 100L);

        // The deduction undone: 2,200 tier points, Silver now, not at the member's next earning.
        clock.advance(Duration.ofHours(1));
        Response reversed = api.post("/v1/members/" + member + "/reversals", "{\"entryId\": \"" + deduction + "\"}");
        assertThat(reversed.status()).as(reversed.toString()).isEqualTo(201);
        showsEverywhere(program, "back@example.com", member, "Silver", 2200, 7800L);
        JsonNode last = api.lastTierChange(member);
        assertThat(last.get("reason").asString()).isEqualTo("UPGRADED");
        assertThat(last.get("qualifyingPoints").asLong()).isEqualTo(2200);
        assertThat(Instant.parse(last.get("at").asString())).isEqualTo(SPRING_2026.plus(Duration.ofHours(1)));
    }

    @Test
    void the_year_boundary_takes_each_members_year_away_with_one_entry_and_keeps_points_still_in_their_return_period() {
        clock.set(SPRING_2026, true);
        TestProgram program = acme();
        Api api = as(program);
        String silver = api.optedInMember("silver@example.com");
        String base = api.optedInMember("base@example.com");
        String none = api.optedInMember("none@example.com");
        api.adjust(silver, 2, 2000);
        api.adjust(silver, 2, 1200);
        api.adjust(base, 2, 300);
        // Bought in late December: the points become active in January, so they count for 2027.
        clock.set(Instant.parse("2026-12-20T15:00:00Z"), true);
        api.post("/v1/purchases", "{\"memberId\": \"" + silver + "\", \"orderId\": \"DEC\", \"amount\": \"700.00\","
                + " \"currency\": \"USD\", \"occurredAt\": \"2026-12-20T15:00:00Z\"}");

        clock.set(NEW_YEAR_2027.minusSeconds(1), true);
        assertThat(Api.processed(api.runJobs(), "tier-period-end")).isZero();
        clock.set(NEW_YEAR_2027, true);
        assertThat(Api.processed(api.runJobs(), "tier-period-end")).isEqualTo(2);
        assertThat(Api.processed(api.runJobs(), "tier-period-end")).isZero();

        List<JsonNode> ended = entries(api, silver, Tiers.PERIOD_END_SOURCE);
        assertThat(ended).hasSize(1);
        assertThat(ended.get(0).get("kind").asString()).isEqualTo("EXPIRE");
        assertThat(ended.get(0).get("amount").asLong()).isEqualTo(-3200);
        assertThat(ended.get(0).get("description").asString()).isEqualTo("Tier qualification period 2026 ended");
        assertThat(ended.get(0).get("occurredAt").asString()).isEqualTo("2027-01-01T05:00:00Z");
        assertThat(entries(api, base, Tiers.PERIOD_END_SOURCE)).singleElement()
                .satisfies(e -> assertThat(e.get("amount").asLong()).isEqualTo(-300));
        assertThat(entries(api, none, Tiers.PERIOD_END_SOURCE)).isEmpty();
        // The level earned in 2026 stays to the end of 2027; its points start again from zero.
        showsEverywhere(program, "silver@example.com", silver, "Silver", 0, 10000L);
        showsEverywhere(program, "base@example.com", base, "Base", 0, 2000L);
        assertThat(api.get("/v1/members/" + silver + "/tier").json().get("periodEndsAt").asString()).isEqualTo("2028-01-01T05:00:00Z");

        clock.set(Instant.parse("2027-01-20T15:00:00Z"), true);
        api.runJobs();
        showsEverywhere(program, "silver@example.com", silver, "Silver", 700, 9300L);
        assertThat(entries(api, silver, Tiers.PERIOD_END_SOURCE)).hasSize(1);
    }

    @Test
    void a_level_ending_at_the_boundary_is_decided_on_the_year_just_ended_even_when_the_new_year_earned_first() {
        clock.set(SPRING_2026, true);
        TestProgram program = acme();
        Api api = as(program);
        String gold = api.optedInMember("gold@example.com");
        String kept = api.optedInMember("kept@example.com");
        api.adjust(gold, 2, 10000);
        api.adjust(kept, 2, 10000);
        clock.set(NEW_YEAR_2027.plus(Duration.ofDays(100)), true);
        api.runJobs();
        api.adjust(gold, 2, 2500);
        api.adjust(kept, 2, 10500);

        // Points earned in the first hour of 2028, before any sweep ran: 2027's points are taken away first (in the
        // same transaction), so 2028 starts from these 400 alone, and the level is decided on 2027's 2500.
        clock.set(NEW_YEAR_2028.plus(Duration.ofHours(1)), true);
        api.adjust(gold, 2, 400);
        assertThat(entries(api, gold, Tiers.PERIOD_END_SOURCE).get(0).get("amount").asLong()).isEqualTo(-2500);
        assertThat(tierBalance(api, gold)).isEqualTo(400);
        JsonNode run = api.runJobs();
        assertThat(Api.processed(run, "tier-period-end")).isEqualTo(1);
        assertThat(Api.processed(run, "tier-reset")).isEqualTo(2);

        showsEverywhere(program, "gold@example.com", gold, "Silver", 400, 9600L);
        JsonNode down = api.lastTierChange(gold);
        assertThat(down.get("reason").asString()).isEqualTo("DOWNGRADED");
        assertThat(down.get("toLevel").asString()).isEqualTo("Silver");
        assertThat(down.get("qualifyingPoints").asLong()).isEqualTo(2500);
        assertThat(user(program, "gold@example.com").get("tier_resets_at").asString()).isEqualTo("2029-01-01 05:00:00");

        showsEverywhere(program, "kept@example.com", kept, "Gold", 0, null);
        JsonNode requalified = api.lastTierChange(kept);
        assertThat(requalified.get("reason").asString()).isEqualTo("REQUALIFIED");
        assertThat(requalified.get("qualifyingPoints").asLong()).isEqualTo(10500);
        // Each year ended with one entry: 2026's and 2027's.
        assertThat(entries(api, kept, Tiers.PERIOD_END_SOURCE)).extracting(e -> e.get("amount").asLong()).containsExactly(-10500L, -10000L);
    }

    @Test
    void points_active_since_december_count_for_that_year_even_when_no_sweep_settled_them_before_new_year() {
        clock.set(Instant.parse("2026-11-02T16:00:00Z"), true);
        TestProgram program = acme();
        Api api = as(program);
        String member = api.optedInMember("late@example.com");
        Response purchase = api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"NOV\", \"amount\": \"1500.00\","
                + " \"currency\": \"USD\", \"occurredAt\": \"2026-11-02T16:00:00Z\"}");
        assertThat(purchase.status()).as(purchase.toString()).isEqualTo(201);

        // The return period ends on 2 December, but no sweep runs before the new year. The member's first tier points
        // of 2027 come first; then the sweep makes the 1500 active, as of 2 December: points of 2026, a year that ended.
        clock.set(NEW_YEAR_2027.plus(Duration.ofDays(4)), true);
        api.adjust(member, 2, 600);
        api.runJobs();

        // 2026 is closed with them: its 1500 points expire, and 2027 keeps its 600. Nobody is Silver: not 2026 on 1500,
        // not 2027 on 600 (1500 + 600 would have been).
        assertThat(entries(api, member, Tiers.PERIOD_END_SOURCE)).singleElement().satisfies(e -> {
            assertThat(e.get("amount").asLong()).isEqualTo(-1500);
            assertThat(e.get("description").asString()).isEqualTo("Tier qualification period 2026 ended");
        });
        showsEverywhere(program, "late@example.com", member, "Base", 600, 1400L);
        assertThat(api.get("/v1/members/" + member + "/tier-history").json()).extracting(c -> c.get("reason").asString())
                .containsExactly("OPTED_IN");
        assertThat(Api.processed(api.runJobs(), "tier-period-end")).isZero();
        showsEverywhere(program, "late@example.com", member, "Base", 600, 1400L);
        assertThat(entries(api, member, Tiers.PERIOD_END_SOURCE)).hasSize(1);
    }

    @Test
    void rolling_months_let_each_earning_count_for_that_many_months_and_no_year_boundary_takes_them() {
        clock.set(SPRING_2026, true);
        TestProgram program = acme(yaml -> yaml.replace("    purpose: TIER_QUALIFYING\n",
                "    purpose: TIER_QUALIFYING\n    qualificationPeriod: { ROLLING_MONTHS: 12 }\n"));
        Api api = as(program);
        String member = api.optedInMember("rolling@example.com");
        api.adjust(member, 2, 1500);
        clock.set(Instant.parse("2026-10-01T16:00:00Z"), true);
        api.adjust(member, 2, 1000);
        showsEverywhere(program, "rolling@example.com", member, "Silver", 2500, 7500L);
        assertThat(api.get("/v1/members/" + member + "/tier").json().get("periodEndsAt").isNull()).isTrue();

        clock.set(NEW_YEAR_2027.plus(Duration.ofDays(1)), true);
        assertThat(Api.processed(api.runJobs(), "tier-period-end")).isZero();
        showsEverywhere(program, "rolling@example.com", member, "Silver", 2500, 7500L);

        // A year after the day each was earned (New York), it stops counting: an Expiry entry of its own.
        clock.set(Instant.parse("2027-04-01T04:00:00Z"), true);
        api.runJobs();
        showsEverywhere(program, "rolling@example.com", member, "Silver", 1000, 9000L);
        assertThat(entries(api, member, "Expiry")).singleElement().satisfies(e -> assertThat(e.get("amount").asLong()).isEqualTo(-1500));
        assertThat(entries(api, member, Tiers.PERIOD_END_SOURCE)).isEmpty();

        // Silver (earned 2026) ends with 2027: what the last 12 months hold then decides.
        clock.set(NEW_YEAR_2028, true);
        api.runJobs();
        showsEverywhere(program, "rolling@example.com", member, "Base", 0, 2000L);
        assertThat(api.lastTierChange(member).get("reason").asString()).isEqualTo("DOWNGRADED");
    }

    @Test
    void a_qualification_period_that_is_not_one_is_refused_naming_the_field() {
        TestProgram program = acme();
        String base = program.yaml().replace("${ACME_API_KEY}", program.adminKey()).replace("${ACME_PARTNER_KEY}", program.partnerKey());
        assertRefused(program, base.replace("    purpose: TIER_QUALIFYING\n", "    purpose: TIER_QUALIFYING\n    qualificationPeriod: YEARLY\n"),
                "pointDefinitions[1].qualificationPeriod", "must be CALENDAR_YEAR or { ROLLING_MONTHS: n }");
        assertRefused(program, base.replace("    purpose: TIER_QUALIFYING\n",
                "    purpose: TIER_QUALIFYING\n    qualificationPeriod: { ROLLING_MONTHS: 0 }\n"),
                "pointDefinitions[1].qualificationPeriod.ROLLING_MONTHS", "must be");
        assertRefused(program, base.replace("    purpose: TIER_QUALIFYING\n",
                "    purpose: TIER_QUALIFYING\n    qualificationPeriod: { MONTHS: 12 }\n"),
                "pointDefinitions[1].qualificationPeriod.MONTHS", "");
        assertRefused(program, base.replace("    purpose: SPENDABLE               # SPENDABLE | TIER_QUALIFYING\n",
                "    purpose: SPENDABLE\n    qualificationPeriod: CALENDAR_YEAR\n"),
                "pointDefinitions[0].qualificationPeriod", "is only for a TIER_QUALIFYING point definition");
        assertRefused(program, base.replace("    purpose: TIER_QUALIFYING\n",
                "    purpose: TIER_QUALIFYING\n    qualificationPeriod: { ROLLING_MONTHS: 12 }\n    expiry: { monthsAfterEarn: 6 }\n"),
                "pointDefinitions[1].expiry", "cannot be given with qualificationPeriod ROLLING_MONTHS");
        assertRefused(program, base.replace("tierSystem:\n", "  - id: 3\n    name: Mirror\n    purpose: TIER_QUALIFYING\n    follower: BALANCE\n"
                + "    qualificationPeriod: { ROLLING_MONTHS: 12 }\ntierSystem:\n"),
                "pointDefinitions[2].qualificationPeriod", "is not allowed on a BALANCE follower definition");
        // Said in so many words, CALENDAR_YEAR is the default.
        Response same = as(program).send("PUT", "/v1/programs/" + program.id(), base.replace("    purpose: TIER_QUALIFYING\n",
                "    purpose: TIER_QUALIFYING\n    qualificationPeriod: CALENDAR_YEAR\n"), "application/yaml");
        assertThat(same.status()).as(same.toString()).isEqualTo(200);
    }

    private void assertRefused(TestProgram program, String yaml, String field, String message) {
        Response r = as(program).send("PUT", "/v1/programs/" + program.id(), yaml, "application/yaml");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        List<String> said = new ArrayList<>();
        r.json().get("errors").forEach(e -> said.add(e.get("field").asString() + ": " + e.get("message").asString()));
        assertThat(said).as(r.toString()).anySatisfy(e -> assertThat(e).startsWith(field + ": ").contains(message));
    }
}
