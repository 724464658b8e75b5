package dev.laurel.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.earning.Purchases;
import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import dev.laurel.web.RewardsPageLinks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Tier policies of the program document (issue 16): how a level ends ({@code NEVER}, {@code END_OF_FOLLOWING_CALENDAR_YEAR},
 * {@code MONTHS_AFTER_ENTRY: n}), where the member goes then ({@code downgrade: TO_EARNED | ONE_LEVEL}, on the tier
 * system or a level), and what a level gives ({@code benefits}, {@code earningMultiplier}). ACME's levels, edited; its
 * tier points count the calendar year in New York.
 */
class TierPoliciesTest extends IntegrationTest {

    static final Instant SPRING_2026 = Instant.parse("2026-04-01T16:00:00Z");
    static final Instant NEW_YEAR_2027 = Instant.parse("2027-01-01T05:00:00Z");
    static final Instant NEW_YEAR_2028 = Instant.parse("2028-01-01T05:00:00Z");
    static final Instant NEW_YEAR_2029 = Instant.parse("2029-01-01T05:00:00Z");
    static final String UNENROLLED = "    - { name: Unenrolled, rank: 0 }\n";
    static final String BASE = "    - { name: Base, rank: 1, threshold: 0, expires: NEVER }\n";
    static final String SILVER = "    - { name: Silver, rank: 2, threshold: 2000, expires: END_OF_FOLLOWING_CALENDAR_YEAR }\n";
    static final String GOLD = "    - { name: Gold, rank: 3, threshold: 10000, expires: END_OF_FOLLOWING_CALENDAR_YEAR }\n";
    static final String QUALIFYING = "  qualifyingPointDefinition: 2\n";
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

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

    private TestProgram acme(UnaryOperator<String> edit) {
        TestProgram program = newProgram(TestProgram.ACME, Map.of(), yaml -> {
            String edited = edit.apply(yaml);
            assertThat(edited).as("the test's edit applied").isNotEqualTo(yaml);
            return edited;
        });
        used.add(program);
        return program;
    }

    private List<String> reasons(Api api, String member) {
        List<String> reasons = new ArrayList<>();
        api.get("/v1/members/" + member + "/tier-history").json().forEach(c -> reasons.add(c.get("reason").asString()));
        return reasons;
    }

    private List<JsonNode> entries(Api api, String member, int definitionId, String source) {
        List<JsonNode> found = new ArrayList<>();
        api.get("/v1/members/" + member + "/points-log?definitionId=" + definitionId + "&limit=500").json().get("items").forEach(e -> {
            if (e.get("source").asString().equals(source)) {
                found.add(e);
            }
        });
        return found;
    }

    private JsonNode account(Api api, String member, int definitionId) {
        for (JsonNode a : api.get("/v1/members/" + member + "/point-accounts").json()) {
            if (a.get("definitionId").asInt() == definitionId) {
                return a;
            }
        }
        throw new AssertionError("no account " + definitionId);
    }

    private Response purchase(Api api, String member, String orderId, String amount, Instant at) {
        Response r = api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"" + orderId + "\", \"amount\": \""
                + amount + "\", \"currency\": \"USD\", \"occurredAt\": \"" + at + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r;
    }

    private Response returned(Api api, String member, String orderId, String amount) {
        Response r = api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"" + orderId + "\", \"amount\": \"" + amount + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r;
    }

    @Test
    void a_one_level_downgrade_takes_a_gold_member_who_earned_nothing_to_silver_and_a_year_later_to_base() {
        clock.set(SPRING_2026, true);
        TestProgram program = acme(yaml -> yaml.replace(QUALIFYING, QUALIFYING + "  downgrade: ONE_LEVEL\n"));
        Api api = as(program);
        String gold = api.optedInMember("gold@example.com");
        api.adjust(gold, 2, 10000);
        assertThat(api.tier(gold).get("level").asString()).isEqualTo("Gold");
        assertThat(api.tier(gold).get("resetsAt").asString()).isEqualTo(NEW_YEAR_2028.toString());

        // 2026's points end with 2026; Gold, earned in 2026, lasts to the end of 2027, and 2027 earns nothing.
        clock.set(NEW_YEAR_2027, true);
        api.runJobs();
        clock.set(NEW_YEAR_2028.minusSeconds(1), true);
        assertThat(Api.processed(api.runJobs(), "tier-reset")).isZero();
        assertThat(api.tier(gold).get("level").asString()).isEqualTo("Gold");

        clock.set(NEW_YEAR_2028, true);
        assertThat(Api.processed(api.runJobs(), "tier-reset")).isEqualTo(1);
        JsonNode silver = api.tier(gold);
        assertThat(silver.get("level").asString()).as("one level down, not to Base which 0 points earned").isEqualTo("Silver");
        assertThat(silver.get("tierPoints").asLong()).isZero();
        assertThat(silver.get("enteredAt").asString()).isEqualTo(NEW_YEAR_2028.toString());
        assertThat(silver.get("resetsAt").asString()).isEqualTo(NEW_YEAR_2029.toString());
        JsonNode down = api.lastTierChange(gold);
        assertThat(down.get("reason").asString()).isEqualTo("DOWNGRADED");
        assertThat(down.get("fromLevel").asString()).isEqualTo("Gold");
        assertThat(down.get("toLevel").asString()).isEqualTo("Silver");
        assertThat(down.get("qualifyingPoints").asLong()).isZero();

        // 2028 earns nothing either: the next period end drops one more.
        clock.set(NEW_YEAR_2029, true);
        assertThat(Api.processed(api.runJobs(), "tier-reset")).isEqualTo(1);
        assertThat(api.tier(gold).get("level").asString()).isEqualTo("Base");
        assertThat(api.tier(gold).get("resetsAt").isNull()).isTrue();
        assertThat(api.lastTierChange(gold).get("fromLevel").asString()).isEqualTo("Silver");
        assertThat(reasons(api, gold)).containsSubsequence("DOWNGRADED", "DOWNGRADED", "UPGRADED");
        assertThat(Api.processed(api.runJobs(), "tier-reset")).isZero();
    }

    @Test
    void a_levels_own_downgrade_wins_over_the_tier_systems() {
        clock.set(SPRING_2026, true);
        // The system says ONE_LEVEL, Gold says TO_EARNED: Gold falls to what the year earned.
        TestProgram toEarned = acme(yaml -> yaml.replace(QUALIFYING, QUALIFYING + "  downgrade: ONE_LEVEL\n")
                .replace(GOLD, "    - { name: Gold, rank: 3, threshold: 10000, expires: END_OF_FOLLOWING_CALENDAR_YEAR, downgrade: TO_EARNED }\n"));
        // The system says nothing (TO_EARNED), Gold says ONE_LEVEL.
        TestProgram oneLevel = acme(yaml -> yaml
                .replace(GOLD, "    - { name: Gold, rank: 3, threshold: 10000, expires: END_OF_FOLLOWING_CALENDAR_YEAR, downgrade: ONE_LEVEL }\n"));
        String a = as(toEarned).optedInMember("a@example.com");
        String b = as(oneLevel).optedInMember("b@example.com");
        as(toEarned).adjust(a, 2, 10000);
        as(oneLevel).adjust(b, 2, 10000);

        clock.set(NEW_YEAR_2027, true);
        as(toEarned).runJobs();
        as(oneLevel).runJobs();
        clock.set(NEW_YEAR_2028, true);
        as(toEarned).runJobs();
        as(oneLevel).runJobs();

        assertThat(as(toEarned).tier(a).get("level").asString()).isEqualTo("Base");
        assertThat(as(oneLevel).tier(b).get("level").asString()).isEqualTo("Silver");
    }

    @Test
    void a_level_that_lasts_months_after_entry_ends_then_and_downgrades_unless_the_points_keep_it_for_another_term() {
        clock.set(SPRING_2026, true);
        TestProgram program = acme(yaml -> yaml
                .replace(SILVER, "    - { name: Silver, rank: 2, threshold: 2000, expires: { MONTHS_AFTER_ENTRY: 12 } }\n"));
        Api api = as(program);
        String lapsed = api.optedInMember("lapsed@example.com");
        String kept = api.optedInMember("kept@example.com");
        api.adjust(lapsed, 2, 2000);
        api.adjust(kept, 2, 2000);
        // Entered at noon in New York (EDT) on 2026-04-01: the level lasts to noon on 2027-04-01.
        Instant ends = Instant.parse("2027-04-01T16:00:00Z");
        assertThat(api.tier(lapsed).get("level").asString()).isEqualTo("Silver");
        assertThat(api.tier(lapsed).get("resetsAt").asString()).isEqualTo(ends.toString());

        // The year's end takes the tier points away, not the level (END_OF_FOLLOWING_CALENDAR_YEAR would keep it to 2028).
        clock.set(NEW_YEAR_2027, true);
        api.runJobs();
        assertThat(api.tier(lapsed).get("level").asString()).isEqualTo("Silver");
        assertThat(api.tier(lapsed).get("tierPoints").asLong()).isZero();
        clock.set(Instant.parse("2027-02-01T16:00:00Z"), true);
        api.adjust(kept, 2, 2500);

        clock.set(ends.minusSeconds(1), true);
        assertThat(Api.processed(api.runJobs(), "tier-reset")).isZero();
        clock.set(ends, true);
        assertThat(Api.processed(api.runJobs(), "tier-reset")).isEqualTo(2);

        JsonNode base = api.tier(lapsed);
        assertThat(base.get("level").asString()).isEqualTo("Base");
        assertThat(base.get("enteredAt").asString()).isEqualTo(ends.toString());
        assertThat(api.lastTierChange(lapsed).get("reason").asString()).isEqualTo("DOWNGRADED");

        // 2500 points this year still earn Silver: kept, since its first entry, for another 12 months from the end of the first.
        JsonNode silver = api.tier(kept);
        assertThat(silver.get("level").asString()).isEqualTo("Silver");
        assertThat(silver.get("enteredAt").asString()).isEqualTo(SPRING_2026.toString());
        assertThat(silver.get("resetsAt").asString()).isEqualTo("2028-04-01T16:00:00Z");
        assertThat(api.lastTierChange(kept).get("reason").asString()).isEqualTo("REQUALIFIED");
        assertThat(api.lastTierChange(kept).get("qualifyingPoints").asLong()).isEqualTo(2500);
        assertThat(Api.processed(api.runJobs(), "tier-reset")).isZero();
    }

    @Test
    void a_level_that_never_expires_is_kept_whatever_the_years_earn() {
        clock.set(SPRING_2026, true);
        TestProgram program = acme(yaml -> yaml.replace(GOLD, "    - { name: Gold, rank: 3, threshold: 10000, expires: NEVER }\n"));
        Api api = as(program);
        String gold = api.optedInMember("forever@example.com");
        api.adjust(gold, 2, 10000);
        assertThat(api.tier(gold).get("resetsAt").isNull()).isTrue();

        for (Instant later : List.of(NEW_YEAR_2027, NEW_YEAR_2028, NEW_YEAR_2029.plus(Duration.ofDays(400)))) {
            clock.set(later, true);
            api.runJobs();
            JsonNode tier = api.tier(gold);
            assertThat(tier.get("level").asString()).isEqualTo("Gold");
            assertThat(tier.get("tierPoints").asLong()).isZero();
        }
        assertThat(reasons(api, gold)).doesNotContain("DOWNGRADED", "REQUALIFIED").contains("UPGRADED");
    }

    @Test
    void a_levels_earning_multiplier_adds_tier_entries_to_purchases_shown_in_the_answer_and_a_return_takes_them_back() {
        clock.set(SPRING_2026, true);
        TestProgram program = acme(yaml -> yaml
                .replace(BASE, "    - { name: Base, rank: 1, threshold: 0, expires: NEVER, earningMultiplier: 0.5 }\n")
                .replace(GOLD, "    - { name: Gold, rank: 3, threshold: 10000, expires: END_OF_FOLLOWING_CALENDAR_YEAR, earningMultiplier: 1.25 }\n"));
        Api api = as(program);
        String gold = api.optedInMember("gold@example.com");
        String base = api.optedInMember("base@example.com");
        String silver = api.optedInMember("silver@example.com");
        api.adjust(gold, 2, 10000);
        api.adjust(silver, 2, 2000);

        JsonNode receipt = purchase(api, gold, "G-1", "1001.00", SPRING_2026).json();
        // floor(1001 × 1.25) = 1251: 250 more, on each definition Laurel masters.
        assertThat(receipt.get("tierBonus").get("level").asString()).isEqualTo("Gold");
        assertThat(receipt.get("tierBonus").get("multiplier").decimalValue()).isEqualByComparingTo("1.25");
        assertThat(receipt.get("tierBonus").get("points").asLong()).isEqualTo(250);
        assertThat(receipt.get("bonusPointsEarned").asLong()).isZero();
        assertThat(receipt.get("earned")).hasSize(2).allSatisfy(e -> {
            assertThat(e.get("points").asLong()).isEqualTo(1001);
            assertThat(e.get("bonusPoints").asLong()).isZero();
            assertThat(e.get("tierBonusPoints").asLong()).isEqualTo(250);
        });
        for (int definition : List.of(1, 2)) {
            assertThat(entries(api, gold, definition, Purchases.TIER_SOURCE)).singleElement().satisfies(e -> {
                assertThat(e.get("amount").asLong()).isEqualTo(250);
                assertThat(e.get("description").asString()).isEqualTo("Tier bonus (Gold, × 1.25) on purchase G-1");
                assertThat(e.get("reference").asString()).isEqualTo("G-1");
            });
        }
        assertThat(account(api, gold, 1).get("pending").asLong()).isEqualTo(1251);

        // Below 1 a level earns fewer points: no entry of its own, the purchase's is smaller.
        JsonNode half = purchase(api, base, "B-1", "1001.00", SPRING_2026).json();
        assertThat(half.get("tierBonus").get("level").asString()).isEqualTo("Base");
        assertThat(half.get("tierBonus").get("points").asLong()).isEqualTo(-501);
        assertThat(half.get("earned").get(0).get("points").asLong()).isEqualTo(500);
        assertThat(half.get("earned").get(0).get("tierBonusPoints").asLong()).isZero();
        assertThat(entries(api, base, 1, Purchases.TIER_SOURCE)).isEmpty();
        assertThat(account(api, base, 1).get("pending").asLong()).isEqualTo(500);

        // A level without a multiplier changes nothing.
        JsonNode plain = purchase(api, silver, "S-1", "1001.00", SPRING_2026).json();
        assertThat(plain.get("tierBonus").isNull()).isTrue();
        assertThat(plain.get("earned").get(0).get("points").asLong()).isEqualTo(1001);
        assertThat(plain.get("earned").get(0).get("tierBonusPoints").asLong()).isZero();

        clock.advance(Duration.ofDays(31));
        api.runJobs();
        assertThat(account(api, gold, 1).get("balance").asLong()).isEqualTo(1251);

        // Half the order back: half of each of its entries; the rest: every point of both.
        JsonNode firstHalf = returned(api, gold, "G-1", "500.50").json();
        List<Long> taken = new ArrayList<>();
        firstHalf.get("takenBack").forEach(t -> {
            if (t.get("definitionId").asInt() == 1) {
                taken.add(t.get("points").asLong());
            }
        });
        assertThat(taken).containsExactlyInAnyOrder(500L, 125L);
        assertThat(account(api, gold, 1).get("balance").asLong()).isEqualTo(626);
        returned(api, gold, "G-1", "500.50");
        assertThat(account(api, gold, 1).get("balance").asLong()).isZero();
        assertThat(account(api, gold, 1).get("pending").asLong()).isZero();
        assertThat(account(api, gold, 2).get("balance").asLong()).isEqualTo(10000);
        assertThat(entries(api, gold, 1, Purchases.RETURN_SOURCE).stream().mapToLong(e -> e.get("amount").asLong()).sum()).isEqualTo(-1251);
    }

    @Test
    void a_levels_benefits_show_in_the_tier_answer_on_the_rewards_page_and_on_the_console_member_card() {
        clock.set(SPRING_2026, true);
        TestProgram program = acme(yaml -> yaml.replace(GOLD, "    - { name: Gold, rank: 3, threshold: 10000,"
                + " expires: END_OF_FOLLOWING_CALENDAR_YEAR, earningMultiplier: 1.5, benefits: [Free shipping, \"Birthday gift & card\"] }\n"));
        Api api = as(program);
        String gold = api.optedInMember("gold@example.com");
        String base = api.optedInMember("base@example.com");
        api.adjust(gold, 2, 10000);

        JsonNode tier = api.tier(gold);
        assertThat(tier.get("benefits")).extracting(JsonNode::asString).containsExactly("Free shipping", "Birthday gift & card");
        assertThat(tier.get("earningMultiplier").decimalValue()).isEqualByComparingTo("1.5");
        JsonNode plain = api.tier(base);
        assertThat(plain.get("benefits")).isEmpty();
        assertThat(plain.get("earningMultiplier").isNull()).isTrue();

        String page = api().get(RewardsPageLinks.path(context, program.id(), UUID.fromString(gold))).body();
        assertThat(page).contains("<h3>Your benefits</h3>", "<li>Free shipping</li>", "<li>Birthday gift &amp; card</li>",
                "Purchases earn 1.5 × points at Gold");
        String basePage = api().get(RewardsPageLinks.path(context, program.id(), UUID.fromString(base))).body();
        assertThat(basePage).contains("id=\"tier\">Base<").doesNotContain("Your benefits", "tier-multiplier");

        String card = console(program).get("/console/members/" + gold).body();
        assertThat(card).contains("<ul id=\"tier-benefits\"><li>Free shipping</li><li>Birthday gift &amp; card</li></ul>",
                "Earning multiplier × 1.5");
    }

    /** A console session of the development operator (a program without operators takes it in tests). */
    private Api console(TestProgram program) {
        Response login = api().get("/console/login");
        String cookie = login.header("Set-Cookie").split(";")[0];
        Matcher csrf = CSRF.matcher(login.body());
        assertThat(csrf.find()).as(login.body()).isTrue();
        Response signedIn = api().header("Cookie", cookie).send("POST", "/console/login", "program=" + program.id()
                + "&username=operator&password=dev-console-password&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded");
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(302);
        assertThat(signedIn.header("Location")).doesNotContain("error");
        String session = signedIn.header("Set-Cookie") == null ? cookie : signedIn.header("Set-Cookie").split(";")[0];
        return api().header("Cookie", session);
    }

    @Test
    void a_document_with_bad_tier_policies_is_refused_listing_every_error() {
        TestProgram program = newProgram();
        used.add(program);
        String base = program.yaml().replace("${ACME_API_KEY}", program.adminKey()).replace("${ACME_PARTNER_KEY}", program.partnerKey());
        String bad = base.replace(QUALIFYING, QUALIFYING + "  downgrade: SOMETIMES\n")
                .replace(UNENROLLED, "    - { name: Unenrolled, rank: 0, downgrade: ONE_LEVEL }\n")
                .replace(SILVER, "    - { name: Silver, rank: 2, threshold: 2000, expires: { MONTHS_AFTER_ENTRY: 0 } }\n")
                .replace(GOLD, "    - { name: Gold, rank: 3, threshold: 10000, expires: MONTHLY, earningMultiplier: -0.5, benefits: [\"\", \""
                        + "x".repeat(201) + "\"] }\n")
                .replace(BASE, "    - { name: Base, rank: 1, threshold: 0, expires: { MONTHS: 6 }, downgrade: 2 }\n");
        Response r = as(program).send("PUT", "/v1/programs/" + program.id(), bad, "application/yaml");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        List<String> said = new ArrayList<>();
        r.json().get("errors").forEach(e -> said.add(e.get("field").asString() + ": " + e.get("message").asString()));
        assertThat(said).as(r.toString()).contains(
                "tierSystem.downgrade: must be one of TO_EARNED, ONE_LEVEL (was 'SOMETIMES')",
                "tierSystem.levels[0].downgrade: is not allowed on rank 0, the level of members who are not opted in",
                "tierSystem.levels[2].expires.MONTHS_AFTER_ENTRY: must be between 1 and 120",
                "tierSystem.levels[3].expires: must be NEVER, END_OF_FOLLOWING_CALENDAR_YEAR or { MONTHS_AFTER_ENTRY: n }",
                "tierSystem.levels[3].earningMultiplier: must be 0 or more (1 earns as without it, 1.25 a quarter more)",
                "tierSystem.levels[3].benefits[0]: must be a non-blank string",
                "tierSystem.levels[3].benefits[1]: must be at most 200 characters",
                "tierSystem.levels[1].downgrade: must be TO_EARNED or ONE_LEVEL");
        assertThat(said).anySatisfy(e -> assertThat(e).startsWith("tierSystem.levels[1].expires.MONTHS: unknown field"));
        // The document as it was still stands, and says the same with the new knobs spelt out.
        Response same = as(program).send("PUT", "/v1/programs/" + program.id(), base.replace(QUALIFYING, QUALIFYING + "  downgrade: TO_EARNED\n")
                .replace(GOLD, "    - { name: Gold, rank: 3, threshold: 10000, expires: { MONTHS_AFTER_ENTRY: 120 }, earningMultiplier: 0,"
                        + " benefits: [Lounge access] }\n"), "application/yaml");
        assertThat(same.status()).as(same.toString()).isEqualTo(200);
    }
}
