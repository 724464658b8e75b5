package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The native points endpoints over HTTP: adjustments, accounts, the points log, reversals and the ledger check. */
class PointsApiTest extends IntegrationTest {

    private TestProgram program;
    private Api api;
    private String member;

    @BeforeEach
    void member() {
        program = newProgram();
        api = as(program);
        clock.set(Instant.parse("2024-02-28T14:14:05.453Z"), true);
        member = api.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
    }

    @AfterEach
    void ledgerAgrees() {
        JsonNode check = api.get("/v1/admin/ledger/verify").json();
        assertThat(check.get("mismatches").asLong()).as(check.toString()).isZero();
    }

    private Response adjust(String json) {
        return api.post("/v1/members/" + member + "/adjustments", json);
    }

    private static String manual(int definitionId, long amount) {
        return "{\"definitionId\": " + definitionId + ", \"amount\": " + amount + ", \"description\": \"Give points from Engage\","
                + " \"source\": \"Manual\", \"userId\": \"c23f28cb-d62d-42cf-9d11-b919198409ea\", \"userName\": \"Jimmy User\"}";
    }

    @Test
    void a_manual_adjustment_is_applied_and_answered_with_the_entry_and_its_bucket() {
        Response r = adjust(manual(1, 40));

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode entry = r.json().get("entry");
        assertThat(entry.get("amount").asLong()).isEqualTo(40);
        assertThat(entry.get("kind").asString()).isEqualTo("EARN");
        assertThat(entry.get("source").asString()).isEqualTo("Manual");
        assertThat(entry.get("actor").get("userName").asString()).isEqualTo("Jimmy User");
        assertThat(entry.get("recordedAt").asString()).isEqualTo("2024-02-28T14:14:05.453Z");
        assertThat(r.json().get("impactedBuckets").get(0).get("expirationDate").asString()).isEqualTo("2024-06-28");
        assertThat(r.header("Location")).endsWith("/points-log/" + entry.get("id").asString());
        assertThat(api.get(r.header("Location")).json().get("id").asString()).isEqualTo(entry.get("id").asString());
    }

    @Test
    void an_automation_adjustment_records_its_reason_process_and_workflow() {
        Response r = adjust("""
                {"definitionId": 1, "amount": 40, "description": "Points awarded", "source": "Automation", "reason": "Voyado",
                 "processId": "d6342090-7410-4c00-aa4b-dbd394dac7e6", "workflowId": "44931e65-e188-46c4-92bd-50e4818fece2",
                 "workflowName": ""}
                """);

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode actor = r.json().get("entry").get("actor");
        assertThat(actor.get("reason").asString()).isEqualTo("Voyado");
        assertThat(actor.get("processId").asString()).isEqualTo("d6342090-7410-4c00-aa4b-dbd394dac7e6");
        assertThat(actor.get("workflowName").asString()).isEmpty();
        assertThat(actor.has("userId")).isFalse();
    }

    @Test
    void the_point_accounts_show_every_definition_with_balances_and_expiring_points() {
        adjust(manual(1, 100));
        adjust(manual(2, 7));
        adjust(manual(1, -30));

        JsonNode accounts = api.get("/v1/members/" + member + "/point-accounts").json();

        assertThat(accounts).hasSize(2);
        JsonNode spendable = accounts.get(0);
        assertThat(spendable.get("definitionId").asInt()).isEqualTo(1);
        assertThat(spendable.get("name").asString()).isEqualTo("ACME Spendable Account");
        assertThat(spendable.get("balance").asLong()).isEqualTo(70);
        assertThat(spendable.get("pending").asLong()).isZero();
        assertThat(spendable.get("lifetimeEarned").asLong()).isEqualTo(100);
        assertThat(spendable.get("lifetimeSpent").asLong()).isEqualTo(30);
        assertThat(spendable.get("expired").asLong()).isZero();
        assertThat(spendable.get("expiring").get(0).get("date").asString()).isEqualTo("2024-06-28");
        assertThat(spendable.get("expiring").get(0).get("points").asLong()).isEqualTo(70);
        assertThat(accounts.get(1).get("balance").asLong()).isEqualTo(7);
        assertThat(accounts.get(1).get("expiring")).isEmpty();
    }

    @Test
    void a_member_without_points_has_zero_accounts() {
        JsonNode accounts = api.get("/v1/members/" + member + "/point-accounts").json();

        assertThat(accounts).hasSize(2);
        assertThat(accounts.get(0).get("balance").asLong()).isZero();
    }

    @Test
    void expiry_is_run_by_the_jobs_endpoint() {
        adjust(manual(1, 100));
        api.put("/v1/admin/clock", "{\"now\": \"2024-06-28T04:00:00Z\", \"frozen\": true}");

        JsonNode jobs = api.post("/v1/admin/jobs/run", "").json();

        JsonNode points = null;
        for (JsonNode sweep : jobs.get("sweeps")) {
            if (sweep.get("name").asString().equals("points-activation-and-expiry")) {
                points = sweep;
            }
        }
        assertThat(points).as(jobs.toString()).isNotNull();
        assertThat(points.get("details").get("expired").asLong()).isEqualTo(1);
        JsonNode account = api.get("/v1/members/" + member + "/point-accounts").json().get(0);
        assertThat(account.get("balance").asLong()).isZero();
        assertThat(account.get("expired").asLong()).isEqualTo(100);
        JsonNode log = api.get("/v1/members/" + member + "/points-log?limit=1").json();
        assertThat(log.get("items").get(0).get("kind").asString()).isEqualTo("EXPIRE");
    }

    @Test
    void a_deduction_larger_than_the_balance_is_409_and_changes_nothing() {
        adjust(manual(1, 10));

        Response r = adjust(manual(1, -11));

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("code").asString()).isEqualTo("insufficient-points");
        assertThat(api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong()).isEqualTo(10);
        assertThat(api.get("/v1/members/" + member + "/points-log").json().get("items")).hasSize(1);
    }

    @Test
    void the_points_log_pages_newest_first_and_filters_by_definition() {
        for (int i = 1; i <= 5; i++) {
            adjust(manual(i % 2 == 0 ? 2 : 1, i));
            clock.advance(java.time.Duration.ofSeconds(1));
        }
        List<Long> amounts = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/v1/members/" + member + "/points-log?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(e -> amounts.add(e.get("amount").asLong()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);

        assertThat(amounts).containsExactly(5L, 4L, 3L, 2L, 1L);
        JsonNode tier = api.get("/v1/members/" + member + "/points-log?definitionId=2").json().get("items");
        assertThat(tier).hasSize(2);
        assertThat(field(api.get("/v1/members/" + member + "/points-log?limit=501"))).isEqualTo("limit");
        assertThat(field(api.get("/v1/members/" + member + "/points-log?cursor=xyz"))).isEqualTo("cursor");
        assertThat(field(api.get("/v1/members/" + member + "/points-log?definitionId=9"))).isEqualTo("definitionId");
    }

    @Test
    void a_reversal_undoes_an_adjustment() {
        String earned = adjust(manual(1, 100)).json().get("entry").get("id").asString();

        Response r = api.post("/v1/members/" + member + "/reversals", "{\"entryId\": \"" + earned + "\", \"amount\": 25}");

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("entry").get("amount").asLong()).isEqualTo(-25);
        assertThat(r.json().get("entry").get("reverses").asString()).isEqualTo(earned);
        assertThat(api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong()).isEqualTo(75);
        Response tooMuch = api.post("/v1/members/" + member + "/reversals", "{\"entryId\": \"" + earned + "\", \"amount\": 76}");
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.json().get("code").asString()).isEqualTo("not-reversible");
        assertThat(api.post("/v1/members/" + member + "/reversals", "{\"entryId\": \"" + UUID.randomUUID() + "\"}").status()).isEqualTo(404);
    }

    @Test
    void bad_adjustments_are_400_naming_each_field() {
        assertThat(field(adjust(manual(1, 0)))).isEqualTo("amount");
        assertThat(field(adjust("{\"definitionId\": 1, \"amount\": 1.5, \"description\": \"x\", \"source\": \"Manual\", \"userId\": \"u\", \"userName\": \"n\"}")))
                .isEqualTo("amount");
        assertThat(field(adjust("{\"definitionId\": 1, \"amount\": \"10\", \"description\": \"x\", \"source\": \"Manual\", \"userId\": \"u\", \"userName\": \"n\"}")))
                .isEqualTo("amount");
        assertThat(field(adjust(manual(9, 10)))).isEqualTo("definitionId");
        assertThat(field(adjust("{\"amount\": 10, \"description\": \"x\", \"source\": \"Manual\", \"userId\": \"u\", \"userName\": \"n\"}")))
                .isEqualTo("definitionId");
        assertThat(field(adjust("{\"definitionId\": 1, \"amount\": 10, \"source\": \"Manual\", \"userId\": \"u\", \"userName\": \"n\"}")))
                .isEqualTo("description");
        assertThat(field(adjust("{\"definitionId\": 1, \"amount\": 10, \"description\": \"x\", \"source\": \"Manual\", \"userName\": \"n\"}")))
                .isEqualTo("userId");
        assertThat(field(adjust("{\"definitionId\": 1, \"amount\": 10, \"description\": \"x\", \"source\": \"Automation\", \"reason\": \"r\"}")))
                .isEqualTo("processId");
        assertThat(field(adjust("{\"definitionId\": 1, \"amount\": 10, \"description\": \"x\", \"source\": \"Purchase\"}")))
                .isEqualTo("source");
        assertThat(field(adjust("{\"definitionId\": 1, \"amount\": 10, \"description\": \"x\", \"source\": \"Manual\", \"userId\": \"u\", \"userName\": \"n\", \"extra\": 1}")))
                .isEqualTo("extra");
        assertThat(adjust("[]").status()).isEqualTo(400);
        assertThat(api.get("/v1/members/" + member + "/points-log").json().get("items")).isEmpty();
    }

    @Test
    void an_unknown_member_is_404_and_another_programs_member_too() {
        assertThat(api.post("/v1/members/" + UUID.randomUUID() + "/adjustments", manual(1, 5)).status()).isEqualTo(404);
        adjust(manual(1, 5));
        Api other = as(newProgram());

        assertThat(other.post("/v1/members/" + member + "/adjustments", manual(1, 5)).status()).isEqualTo(404);
        assertThat(other.get("/v1/members/" + member + "/point-accounts").status()).isEqualTo(404);
        assertThat(other.get("/v1/members/" + member + "/points-log").status()).isEqualTo(404);
        assertThat(other.get("/v1/admin/ledger/verify").json().get("accountsChecked").asLong()).isZero();
        assertThat(api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong()).isEqualTo(5);
    }

    @Test
    void an_adjustment_on_a_follower_definition_is_not_applied_but_sent_to_the_point_master() {
        TestProgram follower = newProgram(TestProgram.POINT_FOLLOWER);
        Api f = as(follower);
        String contact = f.post("/v1/members", "{}").json().get("id").asString();

        Response r = f.post("/v1/members/" + contact + "/adjustments", manual(1, 40));

        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.json().get("status").asString()).isEqualTo("SENT_TO_POINT_MASTER");
        String event = r.json().get("webhookEventId").asString();
        assertThat(r.header("Location")).isEqualTo("/v1/webhooks/deliveries/" + event);
        assertThat(f.get("/v1/webhooks/deliveries/" + event).json().get("status").asString()).isEqualTo("QUEUED");
        assertThat(f.get("/v1/members/" + contact + "/points-log").json().get("items")).isEmpty();
    }

    @Test
    void a_partner_key_may_not_adjust() {
        assertThat(api().key(program.partnerKey()).post("/v1/members/" + member + "/adjustments", manual(1, 5)).status()).isEqualTo(403);
    }

    private static String field(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        return r.json().get("errors").get(0).get("field").asString();
    }
}
