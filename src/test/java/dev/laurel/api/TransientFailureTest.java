package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.Backends;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A request whose database connection is lost while it works (as when PostgreSQL restarts) answers 503
 * {@code database-unavailable} with {@code Retry-After}, not 500; nothing of it was written, so sending it again
 * (with the same {@code Idempotency-Key}, if it had one) applies it once.
 */
class TransientFailureTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    private TestProgram program;
    private Api api;
    private String member;

    @BeforeEach
    void member() {
        program = newProgram();
        api = as(program);
        member = api.post("/v1/members", "{}").json().get("id").asString();
        assertThat(adjust(api, 10).status()).isEqualTo(201);
    }

    private Response adjust(Api client, long amount) {
        return client.post("/v1/members/" + member + "/adjustments", adjustment(amount));
    }

    /** Sends an adjustment while the test holds its account's lock, and ends the request's database backend as it waits. */
    private Response adjustCutOff(Api client) throws Exception {
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "select 1 from point_accounts where program_id = ? and member_id = ?::uuid and definition_id = 1 for update")) {
                lock.setString(1, program.id());
                lock.setString(2, member);
                lock.executeQuery().close();
            }
            CompletableFuture<Response> sent = CompletableFuture.supplyAsync(() -> adjust(client.expecting5xx(), 5));
            Backends.terminate(jdbc, Backends.awaitBlocked(jdbc, "point_accounts", Duration.ofSeconds(20)));
            holder.rollback();
            return sent.get(30, TimeUnit.SECONDS);
        }
    }

    private static void unavailable(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(503);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).isEqualTo("database-unavailable");
        assertThat(r.header("Retry-After")).isEqualTo("5");
    }

    private long balance() {
        for (JsonNode a : api.get("/v1/members/" + member + "/point-accounts").json()) {
            if (a.get("definitionId").asInt() == 1) {
                return a.get("balance").asLong();
            }
        }
        throw new AssertionError("no account 1");
    }

    @Test
    void a_request_whose_connection_is_lost_answers_503_with_retry_after_and_writes_nothing() throws Exception {
        unavailable(adjustCutOff(api));

        assertThat(balance()).isEqualTo(10);
        assertThat(adjust(api, 5).status()).isEqualTo(201);
        assertThat(balance()).isEqualTo(15);
    }

    @Test
    void the_same_inside_an_idempotency_keys_transaction_and_the_key_then_applies_it_once() throws Exception {
        Api keyed = api.header("Idempotency-Key", "cut-off-" + UUID.randomUUID());

        unavailable(adjustCutOff(keyed));

        assertThat(balance()).isEqualTo(10);
        Response again = adjust(keyed, 5);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isNull();
        assertThat(adjust(keyed, 5).header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(balance()).isEqualTo(15);
    }

    /** A manual adjustment of {@code amount} points on definition 1. */
    private static String adjustment(long amount) {
        return "{\"definitionId\": 1, \"amount\": " + amount + ", \"source\": \"Manual\", \"description\": \"Test\","
                + " \"userId\": \"u-1\", \"userName\": \"Tester\"}";
    }
}
