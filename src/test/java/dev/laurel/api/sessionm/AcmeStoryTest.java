package dev.laurel.api.sessionm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** sessionm-loyalty-data-workflow.txt's ACME story, played through the API with the clock moved. */
class AcmeStoryTest extends IntegrationTest {

    /** Every user field of the seed's excerpts, in the seed's order. */
    static final List<String> USER_FIELDS = List.of("id", "external_id", "opted_in", "activated", "proxy_ids", "available_points",
            "test_points", "unclaimed_achievement_count", "email", "gender", "dob", "created_at", "updated_at", "address", "address2",
            "city", "zip", "dma", "state", "country", "suspended", "last_name", "first_name", "registered_at", "profile_photo_url",
            "account_status", "current_zip", "current_dma", "current_state", "current_country", "tier", "tier_system", "tier_points",
            "next_tier_points", "tier_ends_value", "tier_entered_at", "tier_resets_at");
    static final Instant START = Instant.parse("2026-03-22T18:12:02Z");

    private TestProgram program;
    private Api api;
    private Api sessionm;
    private String member;

    @BeforeEach
    void acme() {
        program = newProgram();
        api = as(program);
        sessionm = api().header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("acme:" + program.adminKey()).getBytes(StandardCharsets.UTF_8)));
        clock.set(START, true);
        member = api.post("/v1/members", """
                {"externalId": "ZTEST002", "email": "ztest002@example.com", "gender": "m", "dob": "1999-07-01",
                 "address": "222 Main St.", "address2": "APT 11", "city": "BOSTON", "zip": "02210", "state": "MA", "country": "USA",
                 "lastName": "Lei", "firstName": "ZZZ002", "optedIn": true, "attributes": {"dma": "506"},
                 "identifiers": [{"type": "pos", "value": "A-17"}]}
                """).json().get("id").asString();
    }

    @AfterEach
    void ledgerAgrees() {
        assertThat(api.get("/v1/admin/ledger/verify").json().get("mismatches").asLong()).isZero();
    }

    private JsonNode purchase(String orderId, String amount) {
        Response r = api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"" + orderId + "\", \"amount\": \""
                + amount + "\", \"currency\": \"USD\", \"occurredAt\": \"" + clock.instant() + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private JsonNode giveBack(String orderId, String amount) {
        Response r = api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"" + orderId + "\", \"amount\": \"" + amount + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private JsonNode user() {
        Response r = sessionm.get("/priv/v1/apps/acme-app/users/search?email=ztest002@example.com"
                + "&user[user_profile]=true&expand_incentives=true&show_identifiers=true");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("ok");
        return r.json().get("user");
    }

    private JsonNode detail(JsonNode user, String accountName) {
        for (JsonNode d : user.get("point_account_balances").get("details")) {
            if (d.get("account_name").asString().equals(accountName)) {
                return d;
            }
        }
        throw new AssertionError("no account " + accountName + " in " + user.get("point_account_balances"));
    }

    private void runJobs() {
        assertThat(api.post("/v1/admin/jobs/run", "").status()).isEqualTo(200);
    }

    @Test
    void the_acme_story_escrow_return_rollover_silver_gold_and_step_down() {
        JsonNode receipt = purchase("A-1", "2000.00");
        purchase("A-2", "150.00");

        assertThat(receipt.get("earned")).hasSize(2);
        assertThat(receipt.get("earned").get(0).get("points").asLong()).isEqualTo(2000);
        assertThat(receipt.get("earned").get(0).get("pending").asBoolean()).isTrue();
        assertThat(receipt.get("earned").get(0).get("availableAt").asString()).isEqualTo("2026-04-21T18:12:02Z");
        JsonNode waiting = user();
        assertThat(detail(waiting, "ACME Spendable Escrow Account").get("available_balance").asLong()).isEqualTo(2150);
        assertThat(detail(waiting, "ACME Tier-Qualifying Escrow Account").get("available_balance").asLong()).isEqualTo(2150);
        assertThat(waiting.get("available_points").asLong()).isZero();
        assertThat(waiting.get("tier").asString()).isEqualTo("BASE");

        // A return inside the return period comes out of escrow.
        clock.advance(Duration.ofDays(10));
        JsonNode returned = giveBack("A-2", "150.00");
        assertThat(returned.get("takenBack").get(0).get("points").asLong()).isEqualTo(150);
        assertThat(returned.get("takenBack").get(0).get("fromEscrow").asBoolean()).isTrue();
        assertThat(detail(user(), "ACME Spendable Escrow Account").get("available_balance").asLong()).isEqualTo(2000);

        // After 30 days the points roll over and the member is Silver.
        clock.set(START.plus(Duration.ofDays(30)), true);
        runJobs();
        JsonNode silver = user();
        assertThat(silver.get("tier").asString()).isEqualTo("SILVER");
        assertThat(silver.get("tier_system").asString()).isEqualTo("ACME Tier System");
        assertThat(silver.get("tier_points").asLong()).isEqualTo(2000);
        assertThat(silver.get("next_tier_points").asLong()).isEqualTo(8000);
        assertThat(silver.get("tier_ends_value").asLong()).isEqualTo(10000);
        assertThat(silver.get("tier_entered_at").asString()).isEqualTo("2026-04-21 18:12:02");
        assertThat(silver.get("tier_resets_at").asString()).isEqualTo("2028-01-01 05:00:00"); // the end of 2027 in New York
        assertThat(silver.get("available_points").asLong()).isEqualTo(2000);
        assertThat(detail(silver, "ACME Spendable Account").get("available_balance").asLong()).isEqualTo(2000);
        assertThat(detail(silver, "ACME Spendable Escrow Account").get("available_balance").asLong()).isZero();
        assertThat(detail(silver, "ACME Tier Qualifying Account").get("available_balance").asLong()).isEqualTo(2000);
        JsonNode level = silver.get("tier_details").get("tier_levels").get(0);
        assertThat(level.get("tier_overview").get("name").asString()).isEqualTo("SILVER");
        assertThat(level.get("tier_overview").get("rank").asInt()).isEqualTo(2);
        assertThat(level.get("next_tier_overview").get("name").asString()).isEqualTo("GOLD");
        assertThat(level.get("next_tier_overview").get("rank").asInt()).isEqualTo(3);
        JsonNode rule = level.get("tier_progress").get(0).get("rules").get(0);
        assertThat(rule.get("query_result").asLong()).isEqualTo(2000);
        assertThat(rule.get("rule_passed").asBoolean()).isFalse();
        assertThat(rule.get("rule").get("target_balance").asLong()).isEqualTo(10000);
        assertThat(rule.get("rule").get("target_balance").asLong() - silver.get("tier_points").asLong())
                .isEqualTo(silver.get("next_tier_points").asLong());
        assertThat(rule.get("rule").get("constraints").get(0).get("point_accounts").toString()).contains("ACME Tier Qualifying Account");
        JsonNode summary = silver.get("point_account_balances").get("summary");
        assertThat(summary.get("total_points").asLong()).isEqualTo(4000);
        assertThat(summary.get("life_time_points").asLong()).isEqualTo(4000);

        // A return after the return period comes out of the balance and keeps the tier.
        clock.advance(Duration.ofDays(5));
        JsonNode late = giveBack("A-1", "500.00");
        assertThat(late.get("takenBack").get(0).get("fromEscrow").asBoolean()).isFalse();
        JsonNode kept = user();
        assertThat(kept.get("tier").asString()).isEqualTo("SILVER");
        assertThat(kept.get("tier_points").asLong()).isEqualTo(1500);
        assertThat(kept.get("available_points").asLong()).isEqualTo(1500);

        // Reaching 10,000 tier points this year makes them Gold, the moment the points roll over.
        purchase("A-3", "8500.00");
        clock.advance(Duration.ofDays(30));
        runJobs();
        JsonNode gold = user();
        assertThat(gold.get("tier").asString()).isEqualTo("GOLD");
        assertThat(gold.get("tier_points").asLong()).isEqualTo(10000);
        assertThat(gold.get("tier_ends_value").isNull()).isTrue();
        assertThat(gold.get("tier_details").get("tier_levels").get(0).get("next_tier_overview").isNull()).isTrue();

        // Gold ends with 2027; nothing was earned in 2027, so the member steps down to Base.
        clock.set(Instant.parse("2028-01-01T05:00:00Z"), true);
        runJobs();
        JsonNode stepped = user();
        assertThat(stepped.get("tier").asString()).isEqualTo("BASE");
        assertThat(stepped.get("tier_resets_at").isNull()).isTrue();
        JsonNode history = api.get("/v1/members/" + member + "/tier-history").json();
        List<String> reasons = new ArrayList<>();
        history.forEach(h -> reasons.add(h.get("reason").asString() + ":" + h.get("toLevel").asString()));
        assertThat(reasons).containsExactly("DOWNGRADED:Base", "UPGRADED:Gold", "UPGRADED:Silver", "OPTED_IN:Base");
    }

    @Test
    void a_level_requalified_in_the_following_year_is_kept_for_another_year() {
        purchase("R-1", "2000.00");
        clock.set(START.plus(Duration.ofDays(30)), true);
        runJobs();
        clock.set(Instant.parse("2027-05-01T12:00:00Z"), true);
        purchase("R-2", "2500.00");
        clock.advance(Duration.ofDays(30));
        runJobs();

        clock.set(Instant.parse("2028-01-01T05:00:00Z"), true);
        runJobs();

        JsonNode user = user();
        assertThat(user.get("tier").asString()).isEqualTo("SILVER");
        assertThat(user.get("tier_resets_at").asString()).isEqualTo("2029-01-01 05:00:00");
        assertThat(api.lastTierChange(member).get("reason").asString()).isEqualTo("REQUALIFIED");
    }

    @Test
    void the_search_answer_has_every_field_of_the_seeds_excerpt_in_its_order() {
        JsonNode user = user();

        List<String> fields = new ArrayList<>();
        user.propertyNames().forEach(fields::add);
        assertThat(fields.subList(0, USER_FIELDS.size())).containsExactlyElementsOf(USER_FIELDS);
        assertThat(user.get("id").asString()).isEqualTo(member);
        assertThat(user.get("external_id").asString()).isEqualTo("ZTEST002");
        assertThat(user.get("opted_in").asBoolean()).isTrue();
        assertThat(user.get("activated").asBoolean()).isFalse();
        assertThat(user.get("proxy_ids").isArray()).isTrue();
        assertThat(user.get("email").asString()).isEqualTo("ztest002@example.com");
        assertThat(user.get("gender").asString()).isEqualTo("m");
        assertThat(user.get("dob").asString()).isEqualTo("1999-07-01");
        assertThat(user.get("created_at").asString()).isEqualTo("2026-03-22 18:12:02");
        assertThat(user.get("registered_at").asString()).isEqualTo("2026-03-22 18:12:02");
        assertThat(user.get("dma").asString()).isEqualTo("506");
        assertThat(user.get("current_dma").asString()).isEqualTo("506");
        assertThat(user.get("current_zip").asString()).isEqualTo("02210");
        assertThat(user.get("account_status").asString()).isEqualTo("good");
        assertThat(user.get("profile_photo_url").asString()).isEqualTo("/images/account-neutral.png");
        assertThat(user.get("user_profile").get("dma").asString()).isEqualTo("506");
        assertThat(user.get("identifiers").get(0).get("external_id").asString()).isEqualTo("A-17");
        JsonNode balances = user.get("point_account_balances");
        assertThat(balances.get("retailer_id").asString()).isEqualTo("66f9b3f2-7770-4dca-ac8e-2a1ef7e8e54b");
        assertThat(balances.get("user_id").asString()).isEqualTo(member);
        List<String> names = new ArrayList<>();
        balances.get("details").forEach(d -> names.add(d.get("account_name").asString()));
        assertThat(names).containsExactly("ACME Spendable Account", "ACME Spendable Escrow Account", "ACME Tier Qualifying Account",
                "ACME Tier-Qualifying Escrow Account");
        JsonNode detail = balances.get("details").get(0);
        assertThat(detail.propertyNames()).containsExactly("account_name", "user_point_account_id", "point_account_id",
                "grouping_label", "available_balance", "life_time_value");
        assertThat(detail.get("grouping_label").asString()).isEqualTo("Spend");
    }

    @Test
    void the_search_takes_exactly_one_key_and_answers_errors_in_sessionms_shape() {
        assertSessionmError(sessionm.get("/priv/v1/apps/acme-app/users/search"), 400);
        assertSessionmError(sessionm.get("/priv/v1/apps/acme-app/users/search?email=ztest002@example.com&external_id=ZTEST002"), 400);
        assertSessionmError(sessionm.get("/priv/v1/apps/acme-app/users/search?email=nobody@example.com"), 404);
        assertSessionmError(sessionm.get("/priv/v1/apps/other-app/users/search?email=ztest002@example.com"), 404);
        assertSessionmError(api().get("/priv/v1/apps/acme-app/users/search?email=ztest002@example.com"), 401);
        assertSessionmError(api().header("Authorization", "Basic " + Base64.getEncoder().encodeToString("acme:wrong".getBytes(StandardCharsets.UTF_8)))
                .get("/priv/v1/apps/acme-app/users/search?email=ztest002@example.com"), 401);
        assertSessionmError(api().key(program.partnerKey()).get("/priv/v1/apps/acme-app/users/search?email=ztest002@example.com"), 403);
        assertThat(sessionm.get("/priv/v1/apps/acme-app/users/search?external_id=ZTEST002").json().get("user").get("id").asString()).isEqualTo(member);
        assertThat(sessionm.get("/priv/v1/apps/acme-app/users/search?mobile_number=5089959991").status()).isEqualTo(404);
    }

    @Test
    void another_programs_key_finds_nothing() {
        TestProgram other = newProgram();
        Api otherSessionm = api().header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((":" + other.adminKey()).getBytes(StandardCharsets.UTF_8)));

        assertSessionmError(otherSessionm.get("/priv/v1/apps/acme-app/users/search?email=ztest002@example.com"), 404);
        assertSessionmError(otherSessionm.get("/priv/v1/apps/acme-app/users/" + member + "/point_accounts"), 404);
    }

    @Test
    void get_all_balances_and_get_balance_answer_a_users_accounts() {
        purchase("B-1", "120.00");
        clock.advance(Duration.ofDays(30));
        runJobs();

        JsonNode all = sessionm.get("/priv/v1/apps/acme-app/users/" + member + "/point_accounts").json();
        assertThat(all.get("status").asString()).isEqualTo("ok");
        JsonNode spendable = all.get("point_account_balances").get("details").get(0);
        assertThat(spendable.get("available_balance").asLong()).isEqualTo(120);

        JsonNode one = sessionm.get("/priv/v1/apps/acme-app/users/" + member + "/point_accounts/" + spendable.get("point_account_id").asString()).json();
        assertThat(one.get("point_account_balance").get("account_name").asString()).isEqualTo("ACME Spendable Account");
        assertThat(one.get("point_account_balance").get("available_balance").asLong()).isEqualTo(120);
        assertSessionmError(sessionm.get("/priv/v1/apps/acme-app/users/" + member + "/point_accounts/" + java.util.UUID.randomUUID()), 404);
        assertSessionmError(sessionm.get("/priv/v1/apps/acme-app/users/not-a-user/point_accounts"), 404);
    }

    @Test
    void purchases_and_returns_refuse_bad_input() {
        purchase("C-1", "100.00");

        assertThat(api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"C-1\", \"amount\": \"5.00\", \"currency\": \"USD\", \"occurredAt\": \"" + clock.instant() + "\"}")
                .json().get("code").asString()).isEqualTo("order-exists");
        assertThat(field(api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"C-2\", \"amount\": 5.5, \"currency\": \"USD\", \"occurredAt\": \"" + clock.instant() + "\"}")))
                .isEqualTo("amount");
        assertThat(field(api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"C-2\", \"amount\": \"-5\", \"currency\": \"USD\", \"occurredAt\": \"" + clock.instant() + "\"}")))
                .isEqualTo("amount");
        assertThat(field(api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"C-2\", \"amount\": \"5\", \"currency\": \"usd\", \"occurredAt\": \"" + clock.instant() + "\"}")))
                .isEqualTo("currency");
        assertThat(field(api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"C-2\", \"amount\": \"5\", \"currency\": \"USD\", \"occurredAt\": \"2999-01-01T00:00:00Z\"}")))
                .isEqualTo("occurredAt");
        assertThat(field(api.post("/v1/purchases", "{\"orderId\": \"C-2\", \"amount\": \"5\", \"currency\": \"USD\", \"occurredAt\": \"" + clock.instant() + "\"}")))
                .isEqualTo("memberId");
        assertThat(api.post("/v1/purchases", "{\"memberId\": \"" + java.util.UUID.randomUUID() + "\", \"orderId\": \"C-3\", \"amount\": \"5\", \"currency\": \"USD\", \"occurredAt\": \"" + clock.instant() + "\"}")
                .status()).isEqualTo(404);
        Response tooMuch = api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"C-1\", \"amount\": \"100.01\"}");
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.json().get("code").asString()).isEqualTo("return-exceeds-purchase");
        assertThat(api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"NOPE\", \"amount\": \"1\"}").status()).isEqualTo(404);
        giveBack("C-1", "60.00");
        assertThat(api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"C-1\", \"amount\": \"40.01\"}").status()).isEqualTo(409);
        giveBack("C-1", "40.00");
        assertThat(api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("pending").asLong()).isZero();
        TestProgram other = newProgram();
        assertThat(as(other).post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"C-1\", \"amount\": \"1\"}").status()).isEqualTo(404);
    }

    private static void assertSessionmError(Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().get("status").asString()).isEqualTo("error");
        assertThat(r.json().get("errors").get("code").asString()).isNotBlank();
        assertThat(r.json().get("errors").get("message").asString()).isNotBlank();
    }

    private static String field(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        return r.json().get("errors").get(0).get("field").asString();
    }
}
