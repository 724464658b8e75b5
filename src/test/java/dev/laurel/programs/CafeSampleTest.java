package dev.laurel.programs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.programs.Program.Purpose;
import dev.laurel.programs.Program.TierDowngrade;
import dev.laurel.programs.Program.TierExpiry;
import dev.laurel.programs.Program.TierLevel;
import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The bundled café sample ({@code samples/programs/cafe.yaml}, issue 16) loads as it is and uses every program rule:
 * earning by product (rules by category and sku, an exclusion, a minimum order, half-up rounding), caps, expiry by age
 * and by inactivity, a rolling qualification period, tier policies and benefits. One member's year at the café, the
 * clock moved, the sweeps run; the ledger agrees with itself after it.
 */
class CafeSampleTest extends IntegrationTest {

    static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    private TestProgram program;

    @AfterEach
    void ledgerAgrees() {
        if (program != null) {
            JsonNode check = as(program).get("/v1/admin/ledger/verify").json();
            assertThat(check.get("mismatches").asLong()).as(check.toString()).isZero();
        }
    }

    @Test
    void the_sample_uses_every_program_rule() {
        Program cafe = parse(TestProgram.sample(TestProgram.CAFE).replace("${CAFE_API_KEY}", "a-key-of-the-test-0001")
                .replace("${CAFE_PARTNER_KEY}", "a-key-of-the-test-0002")).program();
        assertThat(cafe.earning().rules()).extracting(Program.EarningRule::effect).containsExactlyInAnyOrder(
                Program.RuleEffect.POINTS_PER_CURRENCY_UNIT, Program.RuleEffect.MULTIPLIER, Program.RuleEffect.FIXED_POINTS,
                Program.RuleEffect.EXCLUDE);
        assertThat(cafe.earning().minimumOrderAmount()).isNotNull();
        assertThat(cafe.earning().rounding()).isEqualTo(Program.Rounding.HALF_UP);
        assertThat(cafe.earning().caps()).extracting(c -> c.period().name()).contains("DAY", "MONTH");
        Program.PointDefinition stars = cafe.definition(1).orElseThrow();
        assertThat(stars.purpose()).isEqualTo(Purpose.SPENDABLE);
        assertThat(stars.expiry().monthsAfterEarn()).isEqualTo(24);
        assertThat(stars.expiry().inactivityMonths()).isEqualTo(12);
        assertThat(cafe.definition(2).orElseThrow().qualificationPeriod().rollingMonths()).isEqualTo(12);
        assertThat(cafe.tierSystem().downgrade()).isEqualTo(TierDowngrade.ONE_LEVEL);
        List<TierLevel> levels = cafe.tierSystem().levels();
        assertThat(levels).extracting(TierLevel::expires).contains(TierExpiry.NEVER, TierExpiry.MONTHS_AFTER_ENTRY,
                TierExpiry.END_OF_FOLLOWING_CALENDAR_YEAR);
        assertThat(levels).anySatisfy(l -> assertThat(l.downgrade()).isEqualTo(TierDowngrade.TO_EARNED));
        assertThat(levels).anySatisfy(l -> assertThat(l.earningMultiplier()).isNotNull());
        assertThat(levels).anySatisfy(l -> assertThat(l.benefits()).isNotEmpty());
        assertThat(cafe.rewards()).isNotEmpty();
    }

    @Test
    void a_year_at_the_cafe() {
        program = newProgram(TestProgram.CAFE);
        Api api = as(program);
        clock.set(at(2026, 3, 2, 9), true);
        String member = api.post("/v1/members", "{\"email\": \"anna@example.com\", \"optedIn\": true}").json().get("id").asString();

        // Earning by product: coffee double, a pastry half, a bag of house blend 50 fixed, a gift card nothing.
        JsonNode receipt = purchase(api, member, "K-1", "449.00", """
                [{"sku": "LATTE-L", "category": "coffee", "quantity": 2, "amount": "90.00"},
                 {"sku": "CROISSANT", "category": "pastry", "quantity": 1, "amount": "31.00"},
                 {"sku": "BEANS-HOUSE-500G", "category": "beans", "quantity": 1, "amount": "128.00"},
                 {"sku": "GIFT-200", "category": "gift-cards", "quantity": 1, "amount": "200.00"}]""");
        List<String> rules = new ArrayList<>();
        receipt.get("breakdown").forEach(l -> rules.add(l.get("sku").asString() + ": " + l.get("rule").asString("") + " = " + l.get("points").asLong()));
        // 180 + 15.5 + 50 + 0 = 245.5, made whole once half up: 246, the half point to the croissant's line.
        assertThat(rules).containsExactly("LATTE-L: Double stars on coffee = 180", "CROISSANT: Half stars on pastries = 16",
                "BEANS-HOUSE-500G: 50 stars a bag of house blend = 50", "GIFT-200: Gift cards earn no stars = 0");
        assertThat(receipt.get("earned")).allSatisfy(e -> {
            assertThat(e.get("points").asLong()).isEqualTo(246);
            assertThat(e.get("pending").asBoolean()).isTrue();
        });
        // Below the minimum order of 20 kr: nothing.
        assertThat(purchase(api, member, "K-2", "19.50", null).get("earned")).as("what a purchase below the minimum earned").isEmpty();

        // The return period (14 days) ends; the tier counts the stars of the last twelve months: Green.
        clock.set(at(2026, 3, 17, 9), true);
        api.runJobs();
        assertThat(api.balance(member, 1)).isEqualTo(246);
        assertThat(api.tier(member).get("level").asString()).isEqualTo("Green");
        assertThat(api.tier(member).get("benefits")).extracting(JsonNode::asString).containsExactly("A free drink on your birthday");

        // The croissant comes back after all: exactly its 16 stars, from the purchase's own stars.
        Response back = api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"K-1\", \"items\": [{\"sku\": \"CROISSANT\", \"quantity\": 1}]}");
        assertThat(back.status()).as(back.toString()).isIn(200, 201);
        assertThat(back.json().get("takenBack")).allSatisfy(t -> {
            assertThat(t.get("points").asLong()).isEqualTo(16);
            assertThat(t.get("fromPurchase").asLong()).isEqualTo(16);
        });

        // Gold at 3,000 level stars: 20 % more stars on purchases, and the daily cap of 1,500 purchase stars.
        Response lift = api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 2, \"amount\": 3000, \"description\": \"welcome to Gold\","
                + " \"source\": \"Manual\", \"userId\": \"u\", \"userName\": \"Barista\"}");
        assertThat(lift.status()).as(lift.toString()).isEqualTo(201);
        assertThat(api.tier(member).get("level").asString()).isEqualTo("Gold");
        JsonNode gold = purchase(api, member, "K-3", "100.00", null);
        assertThat(gold.get("tierBonus").get("level").asString()).isEqualTo("Gold");
        assertThat(gold.get("earned").get(0).get("tierBonusPoints").asLong()).isEqualTo(20);
        // The cap on purchase stars counts their tier bonus too: 120 today already, so 1,380 of the next 2,000 and none
        // of its 400 bonus stars.
        JsonNode capped = purchase(api, member, "K-4", "2000.00", null);
        JsonNode stars = capped.get("earned").get(0);
        assertThat(stars.get("points").asLong()).as(stars.toString()).isEqualTo(1380);
        assertThat(stars.get("tierBonusPoints").asLong()).as(stars.toString()).isZero();
        assertThat(stars.get("cappedPoints").asLong()).as(stars.toString()).isEqualTo(620 + 400);
        assertThat(stars.get("capReason").asString()).isEqualTo("Daily cap of 1500 points on Purchase reached");

        // A year without earning or spending: the stars that are left expire, once.
        clock.set(at(2026, 3, 18, 9), true);
        api.runJobs();
        long before = api.balance(member, 1);
        assertThat(before).isPositive();
        clock.set(at(2027, 3, 18, 9), true);
        // Twice: points still pending when the first run expired the rest become active in it, and go in the next.
        api.runJobs();
        api.runJobs();
        assertThat(api.balance(member, 1)).as("after twelve months without activity").isZero();
        // Gold lasted twelve months after entry; the rolling year's level stars are gone: one level down, to Green.
        assertThat(api.tier(member).get("level").asString()).isEqualTo("Green");
        List<String> sources = new ArrayList<>();
        api.get("/v1/members/" + member + "/points-log?definitionId=1&limit=500").json().get("items")
                .forEach(e -> sources.add(e.get("source").asString()));
        assertThat(sources).contains("Inactivity");
    }

    private JsonNode purchase(Api api, String member, String orderId, String amount, String items) {
        Response r = api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"" + orderId + "\", \"amount\": \"" + amount
                + "\", \"currency\": \"SEK\", \"occurredAt\": \"" + clock.instant() + "\"" + (items == null ? "" : ", \"items\": " + items) + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private static Instant at(int year, int month, int day, int hour) {
        return ZonedDateTime.of(year, month, day, hour, 0, 0, 0, STOCKHOLM).toInstant();
    }
}
