package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.LaurelApplication;
import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Laurel of the test's own on a PostgreSQL of its own (the suite's shared database is not to be stopped), over
 * real HTTP: while the database is down every request that needs it answers 503 {@code database-unavailable} with
 * {@code Retry-After} within a few seconds, readiness is DOWN and liveness UP; started again (same data, same port),
 * Laurel recovers by itself. The times are printed for docs/reliability.md.
 */
class DatabaseOutageTest {

    /** How long a request may take to answer 503 while the database is down: the pool's 3 s wait, and some. */
    static final Duration ANSWER_MAX = Duration.ofSeconds(10);
    /** How long after the database is back Laurel may take to answer again. */
    static final Duration RECOVERY_MAX = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private EmbeddedPostgres startDatabase(int port) {
        try {
            return EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false).setPort(port).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long millis(Supplier<?> action) {
        long started = System.nanoTime();
        action.get();
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static void unavailable(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(503);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).isEqualTo("database-unavailable");
        assertThat(r.header("Retry-After")).isEqualTo("5");
    }

    @Test
    void while_the_database_is_down_requests_answer_503_readiness_is_down_and_laurel_recovers_when_it_is_back() throws IOException {
        EmbeddedPostgres database = startDatabase(0);
        int dbPort = database.getPort();
        try (ConfigurableApplicationContext laurel = new SpringApplicationBuilder(LaurelApplication.class).run(
                "--server.port=0", "--laurel.sweeps.enabled=false", "--laurel.db.username=postgres",
                "--laurel.db.url=jdbc:postgresql://localhost:" + dbPort + "/postgres")) {
            Api api = new Api(Integer.parseInt(laurel.getEnvironment().getProperty("local.server.port")));
            Api acme = api.key("dev-acme-admin-key");
            String member = acme.post("/v1/members", "{}").json().get("id").asString();
            assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);

            database.close();

            Api down = acme.expecting5xx();
            Response[] answers = new Response[3];
            long readMs = millis(() -> answers[0] = down.get("/v1/members/" + member));
            long writeMs = millis(() -> answers[1] = down.header("Idempotency-Key", "during-outage")
                    .post("/v1/members/" + member + "/adjustments", adjustment(5)));
            long syncMs = millis(() -> answers[2] = down.post("/v1/purchases", "{}"));
            for (Response r : answers) {
                unavailable(r);
            }
            assertThat(Math.max(readMs, Math.max(writeMs, syncMs))).isLessThan(ANSWER_MAX.toMillis());
            Response readiness = api.expecting5xx().get("/actuator/health/readiness");
            assertThat(readiness.status()).isEqualTo(503);
            assertThat(readiness.json().get("status").asString()).isEqualTo("DOWN");
            assertThat(api.get("/actuator/health/liveness").json().get("status").asString()).isEqualTo("UP");

            database = startDatabase(dbPort);
            long back = System.nanoTime();
            long deadline = back + RECOVERY_MAX.toNanos();
            Response again = down.get("/v1/members/" + member);
            while (again.status() != 200 && System.nanoTime() < deadline) {
                again = down.get("/v1/members/" + member);
            }
            long recoveryMs = (System.nanoTime() - back) / 1_000_000;
            assertThat(again.status()).as("%s", again).isEqualTo(200);
            assertThat(api.get("/actuator/health/readiness").json().get("status").asString()).isEqualTo("UP");
            Response adjusted = acme.header("Idempotency-Key", "during-outage")
                    .post("/v1/members/" + member + "/adjustments", adjustment(5));
            assertThat(adjusted.status()).isEqualTo(201);
            assertThat(adjusted.header("Idempotent-Replayed")).isNull();
            System.out.printf("database outage: 503 after %d ms (read), %d ms (write with Idempotency-Key), %d ms (purchase); "
                    + "answering again %d ms after the database was back%n", readMs, writeMs, syncMs, recoveryMs);
        } finally {
            database.close();
        }
    }

    /** A manual adjustment of {@code amount} points on definition 1. */
    private static String adjustment(long amount) {
        return "{\"definitionId\": 1, \"amount\": " + amount + ", \"source\": \"Manual\", \"description\": \"Test\","
                + " \"userId\": \"u-1\", \"userName\": \"Tester\"}";
    }
}
