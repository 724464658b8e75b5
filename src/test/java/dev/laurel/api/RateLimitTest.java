package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.programs.InvalidProgram;
import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rate limits per API key, set in the program document, answered 429 problem+json with Retry-After. */
class RateLimitTest extends IntegrationTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    @BeforeEach
    void frozenClock() {
        clock.set(NOW, true);
    }

    /** The ACME sample whose admin key has {@code rateLimit} (YAML flow mapping). */
    private TestProgram limited(String rateLimit) {
        return newProgram(TestProgram.ACME, Map.of(), yaml -> yaml.replaceFirst("scopes: \\[admin, clock\\]",
                "scopes: [admin, clock]\n    rateLimit: " + rateLimit));
    }

    @Test
    void a_key_past_its_burst_is_answered_429_with_retry_after_until_its_rate_refills_it() {
        TestProgram program = limited("{ requestsPerSecond: 1, burst: 2 }");
        Api api = as(program);

        Response first = api.get("/v1/members?limit=1");
        Response second = api.get("/v1/members?limit=1");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("RateLimit-Remaining")).isEqualTo("1");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("RateLimit-Remaining")).isEqualTo("0");

        String externalId = "RL-" + UUID.randomUUID();
        Response refused = api.header("X-Request-Id", "limited-1").post("/v1/members", "{\"externalId\": \"" + externalId + "\"}");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.json().get("code").asString()).isEqualTo("rate-limited");
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:laurel:problem:rate-limited");
        assertThat(refused.json().get("detail").asString()).contains("'middleware'", "1 requests a second", "bursts of 2");
        assertThat(refused.json().get("requestId").asString()).isEqualTo("limited-1");

        clock.advance(Duration.ofMillis(500));
        assertThat(api.get("/v1/members?limit=1").status()).as("half a token is not a request").isEqualTo(429);
        clock.advance(Duration.ofMillis(500));
        Response refilled = api.get("/v1/members?externalId=" + externalId);
        assertThat(refilled.status()).isEqualTo(200);
        assertThat(refilled.json().get("items")).as("the refused request was not run").isEmpty();
        assertThat(api.get("/v1/members?limit=1").status()).isEqualTo(429);

        clock.advance(Duration.ofSeconds(10));
        assertThat(api.get("/v1/members?limit=1").status()).as("a quiet key has its burst again").isEqualTo(200);
        assertThat(api.get("/v1/members?limit=1").status()).isEqualTo(200);
        assertThat(api.get("/v1/members?limit=1").status()).isEqualTo(429);
    }

    @Test
    void keys_without_a_limit_and_other_programs_keys_are_not_limited_by_it() {
        TestProgram program = limited("{ requestsPerSecond: 1 }");
        TestProgram other = newProgram();
        Api api = as(program);
        assertThat(api.get("/v1/members?limit=1").status()).isEqualTo(200);
        assertThat(api.get("/v1/members?limit=1").status()).as("burst defaults to the rate").isEqualTo(429);

        for (int i = 0; i < 20; i++) {
            assertThat(as(other).get("/v1/members?limit=1").status()).isEqualTo(200);
            // The same program's partner key has no limit of its own (its 403s here pass the limit).
            assertThat(api().key(program.partnerKey()).get("/v1/members?limit=1").status()).isEqualTo(403);
        }
        assertThat(api().get("/actuator/health").status()).as("no key, no limit").isEqualTo(200);
    }

    @Test
    void a_changed_limit_takes_effect_at_once() {
        TestProgram program = limited("{ requestsPerSecond: 1 }");
        Api api = as(program);
        api.get("/v1/members?limit=1");
        assertThat(api.get("/v1/members?limit=1").status()).isEqualTo(429);

        program = new TestProgram(program.id(), program.adminKey(), program.partnerKey(),
                program.yaml().replace("rateLimit: { requestsPerSecond: 1 }", "rateLimit: { requestsPerSecond: 5, burst: 5 }"));
        program.apply(programs, Map.of());

        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/v1/members?limit=1").status()).isEqualTo(200);
        }
        assertThat(api.get("/v1/members?limit=1").status()).isEqualTo(429);
    }

    @Test
    void a_rate_limit_out_of_range_is_refused_naming_the_field() {
        for (String bad : new String[] {"{ requestsPerSecond: 0 }", "{ requestsPerSecond: 1, burst: 0 }", "{ burst: 5 }",
                "{ requestsPerSecond: 1, perMinute: 5 }", "{ requestsPerSecond: 100001 }"}) {
            try {
                parse(TestProgram.sample(TestProgram.ACME).replace("${ACME_API_KEY}", "k".repeat(20)).replace("${ACME_PARTNER_KEY}",
                        "p".repeat(20)).replaceFirst("scopes: \\[admin\\]", "scopes: [admin]\n    rateLimit: " + bad));
                throw new AssertionError("accepted rateLimit " + bad);
            } catch (InvalidProgram e) {
                assertThat(e.errors()).as(bad).singleElement().satisfies(err -> assertThat(err.field()).startsWith("apiKeys[0].rateLimit"));
            }
        }
    }
}
