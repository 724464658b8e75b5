package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Points that would not fit: a purchase whose points overflow a {@code long}, and any posting that would take an
 * account past 10^16 points (balance and pending, or lifetime earned), are refused with 422 {@code points-overflow}
 * before anything is written; the member's accounts stay readable and the ledger agrees with itself.
 */
class PointsOverflowTest extends IntegrationTest {

    private static final long LIMIT = 10_000_000_000_000_000L;
    private static final String AT = "2025-06-01T00:00:00Z";

    private TestProgram program;
    private Api api;
    private String member;

    @BeforeEach
    void member() {
        // A million points per unit of currency: the most a program document allows.
        program = newProgram(TestProgram.ACME, Map.of(),
                yaml -> yaml.replaceFirst("pointsPerCurrencyUnit: 1 ", "pointsPerCurrencyUnit: 1000000 "));
        api = as(program);
        clock.set(Instant.parse(AT), true);
        member = api.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
    }

    @AfterEach
    void ledgerAgrees() {
        JsonNode check = api.get("/v1/admin/ledger/verify").json();
        assertThat(check.get("mismatches").asLong()).as(check.toString()).isZero();
    }

    private static void overflow(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(422);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).isEqualTo("points-overflow");
    }

    private Response purchase(String orderId, String amount) {
        return api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"" + orderId + "\", \"amount\": \"" + amount
                + "\", \"currency\": \"USD\", \"occurredAt\": \"" + AT + "\"}");
    }

    private JsonNode account(int definitionId) {
        for (JsonNode a : api.get("/v1/members/" + member + "/point-accounts").json()) {
            if (a.get("definitionId").asInt() == definitionId) {
                return a;
            }
        }
        throw new AssertionError("no account " + definitionId);
    }

    @Test
    void a_purchase_whose_points_do_not_fit_a_long_is_refused_and_leaves_nothing_behind() {
        overflow(purchase("HUGE", "99999999999999.9999"));

        assertThat(account(1).get("pending").asLong()).isZero();
        assertThat(account(1).get("lifetimeEarned").asLong()).isZero();
        assertThat(api.get("/v1/members/" + member + "/timeline").json().get("items").toString()).doesNotContain("purchased");
        // The order was not recorded: its id is still free.
        assertThat(purchase("HUGE", "10.00").status()).isEqualTo(201);
    }

    @Test
    void a_posting_that_would_take_an_account_past_the_limit_is_refused_whichever_way_it_comes() {
        Response atTheLimit = purchase("A-1", "10000000000");
        assertThat(atTheLimit.status()).as("%s", atTheLimit).isEqualTo(201);
        assertThat(account(1).get("pending").asLong()).isEqualTo(LIMIT);
        assertThat(account(2).get("lifetimeEarned").asLong()).isEqualTo(LIMIT);

        overflow(purchase("A-2", "0.0001"));
        overflow(api.post("/v1/members/" + member + "/adjustments", adjustment(1)));
        overflow(api().key(program.partnerKey()).post("/loyalty/user/" + member + "/points",
                "{\"partner\": \"Partner\", \"points\": 1, \"reference\": \"one more\"}"));

        assertThat(account(1).get("pending").asLong()).isEqualTo(LIMIT);
        assertThat(account(1).get("lifetimeEarned").asLong()).isEqualTo(LIMIT);
        assertThat(api.get("/v1/members/" + member + "/points-log").json().get("items")).hasSize(2);
        // A-2 was not recorded.
        assertThat(api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"A-2\", \"amount\": \"0.0001\"}").status())
                .isEqualTo(404);
        // The member's totals (every definition summed) are still read without overflowing.
        assertThat(api().header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (program.id() + ":" + program.adminKey()).getBytes(StandardCharsets.UTF_8)))
                .get("/priv/v1/apps/acme-app/users/" + member + "/point_accounts").status()).isEqualTo(200);
    }

    /** A manual adjustment of {@code amount} points on definition 1. */
    private static String adjustment(long amount) {
        return "{\"definitionId\": 1, \"amount\": " + amount + ", \"source\": \"Manual\", \"description\": \"Test\","
                + " \"userId\": \"u-1\", \"userName\": \"Tester\"}";
    }
}
