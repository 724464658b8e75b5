package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Idempotency-Key on write endpoints: same answer for a replay, 422 for a different request, kept 7 days. */
class IdempotencyTest extends IntegrationTest {

    private static final String AWARD = "{\"definitionId\": 1, \"amount\": 40, \"description\": \"d\", \"source\": \"Manual\","
            + " \"userId\": \"u\", \"userName\": \"n\"}";

    @Test
    void a_replay_returns_the_first_answer_and_applies_nothing_twice() {
        Api api = as(newProgram());
        String member = api.post("/v1/members", "{}").json().get("id").asString();
        Api keyed = api.header("Idempotency-Key", "award-1");

        Response first = keyed.post("/v1/members/" + member + "/adjustments", AWARD);
        Response replay = keyed.post("/v1/members/" + member + "/adjustments", AWARD);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Location")).isEqualTo(first.header("Location"));
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong()).isEqualTo(40);
    }

    @Test
    void the_same_key_with_another_request_is_422() {
        Api api = as(newProgram());
        String member = api.post("/v1/members", "{}").json().get("id").asString();
        Api keyed = api.header("Idempotency-Key", "k");
        keyed.post("/v1/members/" + member + "/adjustments", AWARD);

        Response other = keyed.post("/v1/members/" + member + "/adjustments", AWARD.replace("40", "41"));

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("code").asString()).isEqualTo("idempotency-key-reused");
        assertThat(api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong()).isEqualTo(40);
    }

    @Test
    void a_refused_request_keeps_no_key_so_it_can_be_sent_again() {
        Api api = as(newProgram());
        String member = api.post("/v1/members", "{}").json().get("id").asString();
        Api keyed = api.header("Idempotency-Key", "spend-1");
        String spend = AWARD.replace("40", "-10");

        assertThat(keyed.post("/v1/members/" + member + "/adjustments", spend).status()).isEqualTo(409);
        api.post("/v1/members/" + member + "/adjustments", AWARD);

        assertThat(keyed.post("/v1/members/" + member + "/adjustments", spend).status()).isEqualTo(201);
        assertThat(api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong()).isEqualTo(30);
    }

    @Test
    void keys_belong_to_a_program_and_member_creation_honours_them_too() {
        Api a = as(newProgram()).header("Idempotency-Key", "create-1");
        Api b = as(newProgram()).header("Idempotency-Key", "create-1");
        String id = UUID.randomUUID().toString();

        Response first = a.post("/v1/members", "{\"id\": \"" + id + "\"}");
        Response again = a.post("/v1/members", "{\"id\": \"" + id + "\"}");
        Response otherProgram = b.post("/v1/members", "{\"id\": \"" + id + "\"}");

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(otherProgram.status()).isEqualTo(201);
        assertThat(otherProgram.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void concurrent_requests_with_one_key_apply_once() throws Exception {
        Api api = as(newProgram());
        String member = api.post("/v1/members", "{}").json().get("id").asString();
        Api keyed = api.header("Idempotency-Key", "race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(pool.submit(() -> keyed.post("/v1/members/" + member + "/adjustments", AWARD)));
        }
        pool.shutdown();
        for (Future<Response> answer : answers) {
            assertThat(answer.get().status()).isEqualTo(201);
        }

        assertThat(api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong()).isEqualTo(40);
    }

    @Test
    void a_key_is_kept_seven_days_then_forgotten_by_the_sweep() {
        Api api = as(newProgram());
        clock.set(Instant.parse("2025-01-01T00:00:00Z"), true);
        String member = api.post("/v1/members", "{}").json().get("id").asString();
        Api keyed = api.header("Idempotency-Key", "week");
        keyed.post("/v1/members/" + member + "/adjustments", AWARD);

        clock.advance(Duration.ofDays(6));
        api.post("/v1/admin/jobs/run", "");
        assertThat(keyed.post("/v1/members/" + member + "/adjustments", AWARD).header("Idempotent-Replayed")).isEqualTo("true");

        clock.advance(Duration.ofDays(2));
        api.post("/v1/admin/jobs/run", "");
        Response after = keyed.post("/v1/members/" + member + "/adjustments", AWARD);
        assertThat(after.header("Idempotent-Replayed")).isNull();
        assertThat(api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong()).isEqualTo(80);
    }

    @Test
    void a_key_used_by_an_admin_call_is_not_replayed_to_a_partner_key() {
        TestProgram p = newProgram();
        String body = "{\"email\": \"only-for-admins@example.com\"}";
        Response first = as(p).header("Idempotency-Key", "shared-1").post("/v1/members", body);

        Response partner = api().key(p.partnerKey()).header("Idempotency-Key", "shared-1").post("/v1/members", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(partner.status()).as(partner.toString()).isEqualTo(403);
        assertThat(partner.json().get("code").asString()).isEqualTo("insufficient-scope");
        assertThat(partner.body()).doesNotContain("only-for-admins@example.com").doesNotContain(first.json().get("id").asString());
        assertThat(partner.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void two_api_keys_may_use_the_same_key_value_each_for_its_own_request() {
        TestProgram p = newProgram();
        String member = as(p).post("/v1/members", "{}").json().get("id").asString();
        as(p).header("Idempotency-Key", "order-7").post("/v1/members/" + member + "/adjustments", AWARD);

        Response partner = api().key(p.partnerKey()).header("Idempotency-Key", "order-7").post("/loyalty/user/" + member + "/points",
                "{\"partner\": \"Partner\", \"points\": 5, \"reference\": \"r\"}");

        assertThat(partner.status()).as(partner.toString()).isEqualTo(200);
        assertThat(partner.header("Idempotent-Replayed")).isNull();
        assertThat(as(p).get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong()).isEqualTo(45);
    }

    @Test
    void the_scope_is_checked_before_a_replay_so_a_key_that_lost_a_scope_does_not_get_its_old_answers() {
        String opsKey = "test-ops-" + UUID.randomUUID();
        TestProgram p = newProgram(TestProgram.ACME, Map.of("OPS_KEY", opsKey),
                yaml -> yaml.replace("apiKeys:\n", "apiKeys:\n  - name: ops\n    secret: ${OPS_KEY}\n    scopes: [admin]\n"));
        Api ops = api().key(opsKey).header("Idempotency-Key", "ops-1");
        String body = "{\"email\": \"made-by-ops@example.com\"}";
        assertThat(ops.post("/v1/members", body).status()).isEqualTo(201);
        ObjectNode document = (ObjectNode) as(p).get("/v1/programs/" + p.id()).json();
        for (JsonNode key : document.get("apiKeys")) {
            if (key.get("name").asString().equals("ops")) {
                ((ObjectNode) key).putArray("scopes").add("partner");
            }
        }
        assertThat(as(p).put("/v1/programs/" + p.id(), document.toString()).status()).isEqualTo(200);

        Response replay = ops.post("/v1/members", body);

        assertThat(replay.status()).as(replay.toString()).isEqualTo(403);
        assertThat(replay.body()).doesNotContain("made-by-ops@example.com");
    }

    @Test
    void an_overlong_key_is_refused() {
        Api api = as(newProgram());

        Response r = api.header("Idempotency-Key", "x".repeat(256)).post("/v1/members", "{}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asString()).isEqualTo("invalid-idempotency-key");
    }
}
