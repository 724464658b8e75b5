package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/admin/jobs/run} with an {@code Idempotency-Key} runs the sweeps inside the key's transaction: one
 * sweep failing there is reported as failed, the others' work is kept, and the answer is stored for the key.
 */
class SweepFailureInRequestTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void a_sweep_failing_inside_a_request_with_an_idempotency_key_is_reported_and_the_other_sweeps_work_is_kept() {
        TestProgram program = newProgram(TestProgram.POINT_FOLLOWER);
        Api api = as(program);
        clock.set(Instant.parse("2024-05-01T00:00:00Z"), true);
        String member = api.post("/v1/members", "{}").json().get("id").asString();
        assertThat(api.post("/api/v2/point-accounts/transactions", "[{\"contactId\": \"" + member + "\", \"amount\": 30, "
                + "\"definitionId\": 1, \"source\": \"Purchase\", \"timeStamp\": \"2024-05-01T00:00:00Z\", "
                + "\"validFrom\": \"2024-05-02T00:00:00Z\"}]").status()).isEqualTo(202);
        String id = api.post("/api/v2/point-accounts/balances", "[{\"contactId\": \"" + member
                + "\", \"amount\": 40, \"definitionId\": 2, \"timeStamp\": \"2024-05-01T00:00:00Z\"}]").json().get("id").asString();
        // A stored item that breaks what the balance sweep relies on, as a bug would: that sweep fails.
        setAmount(program, id, "\"forty\"");
        clock.advance(Duration.ofDays(2));

        Api keyed = api.header("Idempotency-Key", "jobs-" + UUID.randomUUID());
        Response run = keyed.post("/v1/admin/jobs/run", "");

        assertThat(run.status()).as("%s", run).isEqualTo(200);
        assertThat(sweep(run, "balance-sync").get("error").asString()).contains("ClassCastException");
        assertThat(sweep(run, "points-activation-and-expiry").get("processed").asLong()).isEqualTo(1);
        assertThat(balance(api, member, 1)).isEqualTo(30);
        Response replay = keyed.post("/v1/admin/jobs/run", "");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.body()).isEqualTo(run.body());

        setAmount(program, id, "40");
        assertThat(api.header("Idempotency-Key", "jobs-" + UUID.randomUUID()).post("/v1/admin/jobs/run", "").status()).isEqualTo(200);
        assertThat(api.get("/api/v2/point-accounts/balances/status/" + id).json().get("status").asString()).isEqualTo("Completed");
        assertThat(balance(api, member, 2)).isEqualTo(40);
    }

    private void setAmount(TestProgram program, String id, String amount) {
        jdbc.sql("update balance_imports set items = jsonb_set(items, '{0,amount}', :amount::jsonb) where program_id = :p and id = :id")
                .param("amount", amount).param("p", program.id()).param("id", UUID.fromString(id)).update();
    }

    private static JsonNode sweep(Response jobs, String name) {
        for (JsonNode s : jobs.json().get("sweeps")) {
            if (s.get("name").asString().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no sweep " + name + " in " + jobs);
    }

    private static long balance(Api api, String member, int definitionId) {
        for (JsonNode account : api.get("/v1/members/" + member + "/point-accounts").json()) {
            if (account.get("definitionId").asInt() == definitionId) {
                return account.get("balance").asLong();
            }
        }
        throw new AssertionError("no account " + definitionId);
    }
}
