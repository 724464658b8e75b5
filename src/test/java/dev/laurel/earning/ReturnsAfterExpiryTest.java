package dev.laurel.earning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A return takes back the returned share of an order's points where they are now (issue 16): what the purchase's own
 * points still hold (pending or active) from them; what the member spent of them from their other points, and what
 * those cannot cover owed as debt (a balance below zero the next points pay); what expired, not again. ACME's
 * spendable definition (1): 30 days of escrow, each earning expires four months after the day it was earned (New York).
 */
class ReturnsAfterExpiryTest extends IntegrationTest {

    /** A January morning in New York: the order's points are pending until 4 February and expire on 5 May 2026. */
    static final Instant BOUGHT = Instant.parse("2026-01-05T15:00:00Z");
    static final Instant ACTIVE = Instant.parse("2026-02-10T15:00:00Z");
    static final Instant AFTER_EXPIRY = Instant.parse("2026-05-10T15:00:00Z");

    private final List<TestProgram> used = new ArrayList<>();

    @AfterEach
    void ledgerAgrees() {
        for (TestProgram program : used) {
            JsonNode check = as(program).get("/v1/admin/ledger/verify").json();
            assertThat(check.get("mismatches").asLong()).as(check.toString()).isZero();
        }
    }

    @Test
    void a_return_while_the_points_are_pending_takes_them_from_escrow_and_partial_returns_add_up() {
        Api api = acme();
        String member = api.optedInMember(null);
        purchase(api, member, "A-1", "100.00", BOUGHT);

        JsonNode first = returned(api, member, "A-1", "30.00");
        assertSplit(taken(first, 1), 30, 30, 0, 0, 0);
        assertThat(taken(first, 1).get("fromEscrow").asBoolean()).isTrue();
        assertThat(account(api, member, 1).get("pending").asLong()).isEqualTo(70);
        JsonNode second = returned(api, member, "A-1", "70.00");
        assertSplit(taken(second, 1), 70, 70, 0, 0, 0);
        assertSplit(taken(second, 2), 70, 70, 0, 0, 0);
        assertThat(second.get("totalReturned").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(account(api, member, 1).get("pending").asLong()).isZero();
        assertThat(account(api, member, 1).get("balance").asLong()).isZero();

        clock.set(ACTIVE, true);
        api.runJobs();
        assertThat(account(api, member, 1).get("balance").asLong()).isZero();
        assertThat(api.post("/v1/returns", returnBody(member, "A-1", "0.01")).status()).isEqualTo(409);
    }

    @Test
    void a_return_after_the_points_became_active_and_were_not_spent_takes_them_from_the_purchase() {
        Api api = acme();
        String member = api.optedInMember(null);
        purchase(api, member, "A-1", "100.00", BOUGHT);
        clock.set(ACTIVE, true);
        api.runJobs();
        api.adjust(member, 1, 50);

        JsonNode back = taken(returned(api, member, "A-1", "40.00"), 1);

        assertSplit(back, 40, 40, 0, 0, 0);
        assertThat(back.get("fromEscrow").asBoolean()).isFalse();
        assertThat(account(api, member, 1).get("balance").asLong()).isEqualTo(110);
        assertThat(entry(api, member, back.get("entryId").asString()).get("amount").asLong()).isEqualTo(-40);
    }

    @Test
    void what_the_member_spent_comes_from_their_other_points_and_what_the_balance_cannot_cover_is_owed() {
        Api api = acme();
        String member = api.optedInMember(null);
        purchase(api, member, "A-1", "100.00", BOUGHT);
        clock.set(ACTIVE, true);
        api.runJobs();
        // Points earned later expire later: the spends take the order's points first.
        api.adjust(member, 1, 50);
        api.adjust(member, 1, -30);

        JsonNode first = taken(returned(api, member, "A-1", "80.00"), 1);
        assertSplit(first, 80, 70, 10, 0, 0);
        assertThat(account(api, member, 1).get("balance").asLong()).isEqualTo(40);

        api.adjust(member, 1, -35);
        JsonNode second = taken(returned(api, member, "A-1", "20.00"), 1);
        // 20 more of the spent points: the balance holds 5, the other 15 are owed (though the definition does not let
        // spending go below zero: the points were earned on goods now returned), and the next points pay them.
        assertSplit(second, 20, 0, 5, 15, 0);
        JsonNode account = account(api, member, 1);
        assertThat(account.get("balance").asLong()).isEqualTo(-15);
        assertThat(account.get("lifetimeEarned").asLong()).isEqualTo(150 - 100);
        api.adjust(member, 1, 40);
        assertThat(account(api, member, 1).get("balance").asLong()).isEqualTo(25);
    }

    @Test
    void on_a_definition_that_allows_a_negative_balance_spent_points_the_balance_lacks_become_debt_paid_by_the_next_points() {
        Api api = acme(yaml -> yaml.replace("      accountName: ACME Spendable Escrow Account\n",
                "      accountName: ACME Spendable Escrow Account\n    allowNegative: true\n"));
        String member = api.optedInMember(null);
        purchase(api, member, "A-1", "100.00", BOUGHT);
        clock.set(ACTIVE, true);
        api.runJobs();
        api.adjust(member, 1, 20);
        api.adjust(member, 1, -90);

        JsonNode back = taken(returned(api, member, "A-1", "100.00"), 1);

        assertSplit(back, 100, 10, 20, 70, 0);
        assertThat(account(api, member, 1).get("balance").asLong()).isEqualTo(-70);
        purchase(api, member, "B-1", "100.00", ACTIVE);
        clock.set(ACTIVE.plusSeconds(31L * 24 * 3600), true);
        api.runJobs();
        assertThat(account(api, member, 1).get("balance").asLong()).isEqualTo(30);
    }

    @Test
    void a_return_after_the_points_expired_takes_nothing_for_them_and_leaves_the_members_other_points_alone() {
        Api api = acme();
        String member = api.optedInMember(null);
        purchase(api, member, "A-1", "100.00", BOUGHT);
        clock.set(Instant.parse("2026-03-20T15:00:00Z"), true);
        purchase(api, member, "B-1", "50.00", Instant.parse("2026-03-20T15:00:00Z"));
        clock.set(AFTER_EXPIRY, true);
        api.runJobs();
        assertThat(account(api, member, 1).get("balance").asLong()).isEqualTo(50);
        assertThat(account(api, member, 1).get("expired").asLong()).isEqualTo(100);

        JsonNode answer = returned(api, member, "A-1", "100.00");

        JsonNode spendable = taken(answer, 1);
        assertSplit(spendable, 0, 0, 0, 0, 100);
        assertThat(spendable.get("entryId").isNull()).isTrue();
        // The tier-qualifying points of the order (no expiry, the same calendar year) are still in the purchase's lot.
        assertSplit(taken(answer, 2), 100, 100, 0, 0, 0);
        JsonNode account = account(api, member, 1);
        assertThat(account.get("balance").asLong()).isEqualTo(50);
        assertThat(account.get("expired").asLong()).isEqualTo(100);
        assertThat(account(api, member, 2).get("balance").asLong()).isEqualTo(50);
        assertThat(api.post("/v1/returns", returnBody(member, "A-1", "0.01")).status()).isEqualTo(409);
    }

    @Test
    void partial_returns_find_the_purchases_points_then_what_was_spent_then_what_expired() {
        Api api = acme();
        String member = api.optedInMember(null);
        purchase(api, member, "A-1", "100.00", BOUGHT);
        clock.set(ACTIVE, true);
        api.runJobs();
        api.adjust(member, 1, -30);
        JsonNode first = taken(returned(api, member, "A-1", "20.00"), 1);
        assertSplit(first, 20, 20, 0, 0, 0);

        // The 50 left of the order's points expire; points earned since are the member's own.
        clock.set(AFTER_EXPIRY, true);
        api.runJobs();
        api.adjust(member, 1, 200);
        JsonNode second = taken(returned(api, member, "A-1", "60.00"), 1);
        assertSplit(second, 30, 0, 30, 0, 30);
        JsonNode third = taken(returned(api, member, "A-1", "20.00"), 1);
        assertSplit(third, 0, 0, 0, 0, 20);

        JsonNode account = account(api, member, 1);
        assertThat(account.get("balance").asLong()).isEqualTo(170);
        assertThat(account.get("expired").asLong()).isEqualTo(50);
        assertThat(api.post("/v1/returns", returnBody(member, "A-1", "0.01")).status()).isEqualTo(409);
    }

    @Test
    void one_return_can_take_from_the_purchase_from_the_balance_and_count_what_expired_across_definitions() {
        Api api = acme();
        String member = api.optedInMember(null);
        purchase(api, member, "A-1", "100.00", BOUGHT);
        clock.set(ACTIVE, true);
        api.runJobs();
        api.adjust(member, 1, -60);
        clock.set(AFTER_EXPIRY, true);
        api.runJobs();
        api.adjust(member, 1, 100);
        purchase(api, member, "B-1", "10.00", AFTER_EXPIRY);

        JsonNode answer = returned(api, member, "A-1", "100.00");

        assertSplit(taken(answer, 1), 60, 0, 60, 0, 40);
        assertSplit(taken(answer, 2), 100, 100, 0, 0, 0);
        assertThat(account(api, member, 1).get("balance").asLong()).isEqualTo(40);
        assertThat(account(api, member, 1).get("pending").asLong()).isEqualTo(10);
        assertThat(account(api, member, 2).get("pending").asLong()).isEqualTo(10);
    }

    @Test
    void points_held_at_the_till_count_as_spent_and_voiding_the_hold_later_gives_them_back_to_the_purchase() {
        Api api = acme();
        String member = api.optedInMember(null);
        purchase(api, member, "A-1", "100.00", BOUGHT);
        clock.set(ACTIVE, true);
        api.runJobs();
        api.adjust(member, 1, 100);
        Response hold = api.post("/v1/members/" + member + "/holds", "{\"definitionId\": 1, \"points\": 70, \"reference\": \"till-1\"}");
        assertThat(hold.status()).as(hold.toString()).isEqualTo(201);

        JsonNode back = taken(returned(api, member, "A-1", "100.00"), 1);

        assertSplit(back, 100, 30, 70, 0, 0);
        assertThat(account(api, member, 1).get("balance").asLong()).isEqualTo(30);
        Response voided = api.post("/v1/holds/" + hold.json().get("id").asString() + "/void", "");
        assertThat(voided.status()).as(voided.toString()).isEqualTo(200);
        assertThat(account(api, member, 1).get("balance").asLong()).isEqualTo(100);
        assertThat(api.post("/v1/returns", returnBody(member, "A-1", "0.01")).status()).isEqualTo(409);
    }

    @Test
    void points_held_when_the_order_is_returned_are_owed_and_voiding_the_hold_pays_the_debt_rather_than_giving_them_back() {
        Api api = acme();
        String member = api.optedInMember(null);
        purchase(api, member, "A-1", "100.00", BOUGHT);
        clock.set(ACTIVE, true);
        api.runJobs();
        Response hold = api.post("/v1/members/" + member + "/holds", "{\"definitionId\": 1, \"points\": 100, \"reference\": \"till-2\"}");
        assertThat(hold.status()).as(hold.toString()).isEqualTo(201);

        JsonNode back = taken(returned(api, member, "A-1", "100.00"), 1);

        // Every point of the order is held: none in its lot, none on the balance; all owed.
        assertSplit(back, 100, 0, 0, 100, 0);
        assertThat(account(api, member, 1).get("balance").asLong()).isEqualTo(-100);
        Response voided = api.post("/v1/holds/" + hold.json().get("id").asString() + "/void", "");
        assertThat(voided.status()).as(voided.toString()).isEqualTo(200);
        assertThat(account(api, member, 1).get("balance").asLong()).as("the member keeps nothing of goods returned").isZero();
        assertThat(api.post("/v1/returns", returnBody(member, "A-1", "0.01")).status()).isEqualTo(409);
    }

    @Test
    void after_the_tier_year_ended_a_return_takes_nothing_of_the_tier_points_the_year_already_expired() {
        Api api = acme();
        String member = api.optedInMember(null);
        Instant november = Instant.parse("2026-11-02T15:00:00Z");
        clock.set(november, true);
        purchase(api, member, "N-1", "100.00", november);
        clock.set(Instant.parse("2026-12-10T15:00:00Z"), true);
        api.runJobs();
        assertThat(account(api, member, 2).get("balance").asLong()).isEqualTo(100);
        clock.set(Instant.parse("2027-01-05T15:00:00Z"), true);
        api.runJobs();
        assertThat(account(api, member, 2).get("balance").asLong()).isZero();

        JsonNode answer = returned(api, member, "N-1", "100.00");

        assertSplit(taken(answer, 1), 100, 100, 0, 0, 0);
        assertSplit(taken(answer, 2), 0, 0, 0, 0, 100);
        assertThat(account(api, member, 1).get("balance").asLong()).isZero();
        assertThat(account(api, member, 2).get("balance").asLong()).isZero();
    }

    /** points taken (= fromPurchase + fromBalance + asDebt), then each part of the split. */
    private static void assertSplit(JsonNode t, long points, long fromPurchase, long fromBalance, long asDebt, long expired) {
        assertThat(List.of(t.get("points").asLong(), t.get("fromPurchase").asLong(), t.get("fromBalance").asLong(),
                t.get("asDebt").asLong(), t.get("expired").asLong()))
                .as("points, fromPurchase, fromBalance, asDebt, expired in %s", t)
                .containsExactly(points, fromPurchase, fromBalance, asDebt, expired);
        assertThat(t.has("notRecovered")).as("no points a return leaves unrecovered").isFalse();
    }

    private Api acme() {
        return acme(UnaryOperator.identity());
    }

    private Api acme(UnaryOperator<String> edit) {
        TestProgram program = newProgram(TestProgram.ACME, Map.of(), edit);
        used.add(program);
        clock.set(BOUGHT, true);
        return as(program);
    }

    private static void purchase(Api api, String member, String orderId, String amount, Instant at) {
        Response r = api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"" + orderId + "\", \"amount\": \""
                + amount + "\", \"currency\": \"USD\", \"occurredAt\": \"" + at + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private static String returnBody(String member, String orderId, String amount) {
        return "{\"memberId\": \"" + member + "\", \"orderId\": \"" + orderId + "\", \"amount\": \"" + amount + "\"}";
    }

    private static JsonNode returned(Api api, String member, String orderId, String amount) {
        Response r = api.post("/v1/returns", returnBody(member, orderId, amount));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private static JsonNode taken(JsonNode answer, int definitionId) {
        for (JsonNode t : answer.get("takenBack")) {
            if (t.get("definitionId").asInt() == definitionId) {
                return t;
            }
        }
        throw new AssertionError("nothing taken back on definition " + definitionId + " in " + answer);
    }

    private static JsonNode account(Api api, String member, int definitionId) {
        for (JsonNode a : api.get("/v1/members/" + member + "/point-accounts").json()) {
            if (a.get("definitionId").asInt() == definitionId) {
                return a;
            }
        }
        throw new AssertionError("no account " + definitionId);
    }

    private static JsonNode entry(Api api, String member, String entryId) {
        for (JsonNode e : api.get("/v1/members/" + member + "/points-log?definitionId=1&limit=500").json().get("items")) {
            if (e.get("id").asString().equals(entryId)) {
                return e;
            }
        }
        throw new AssertionError("no entry " + entryId);
    }
}
