package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.RawHttp;
import dev.laurel.support.TestProgram;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The request id: taken from {@code X-Request-Id} when it is safe, made otherwise, answered in the header, in every
 * problem, and on every log line written while the request is served.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestIdTest extends IntegrationTest {

    private static final String UUID_TEXT = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Autowired
    private LoggingSystem logging;

    private TestProgram program;
    private Api api;

    @BeforeEach
    void program() {
        program = newProgram();
        api = as(program);
    }

    @Test
    void a_safe_request_id_is_answered_as_given_and_is_the_request_id_of_its_problem() {
        Response ok = api.header("X-Request-Id", "checkout-7f3a.2026:11/29+x=").get("/v1/members?limit=1");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("X-Request-Id")).isEqualTo("checkout-7f3a.2026:11/29+x=");

        Response missing = api.header("X-Request-Id", "trace-0001").get("/v1/members/" + UUID.randomUUID());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.header("X-Request-Id")).isEqualTo("trace-0001");
        assertThat(missing.json().get("requestId").asString()).isEqualTo("trace-0001");
    }

    @Test
    void without_a_request_id_or_with_an_unsafe_one_laurel_makes_one_per_request() {
        Response first = api.get("/v1/members/" + UUID.randomUUID());
        Response second = api.get("/v1/members/" + UUID.randomUUID());
        assertThat(first.header("X-Request-Id")).matches(UUID_TEXT).isEqualTo(first.json().get("requestId").asString());
        assertThat(second.header("X-Request-Id")).matches(UUID_TEXT).isNotEqualTo(first.header("X-Request-Id"));

        for (String unsafe : new String[] {"has spaces in it", "x".repeat(129), "quote\"d", "<script>", ""}) {
            Response r = api.header("X-Request-Id", unsafe).get("/v1/members?limit=0");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("X-Request-Id")).as(unsafe).matches(UUID_TEXT);
            assertThat(r.json().get("requestId").asString()).isEqualTo(r.header("X-Request-Id"));
        }
        assertThat(api.header("X-Request-Id", "x".repeat(128)).get("/v1/members?limit=1").header("X-Request-Id")).isEqualTo("x".repeat(128));
    }

    @Test
    void problems_from_filters_from_spring_and_from_tomcat_itself_carry_the_request_id() {
        Response noKey = api().header("X-Request-Id", "no-key-1").get("/v1/members?limit=1");
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.json().get("requestId").asString()).isEqualTo("no-key-1");

        Response badType = api.header("X-Request-Id", "bad-limit-1").get("/v1/members?limit=ten");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().get("requestId").asString()).isEqualTo("bad-limit-1");

        Response noRoute = api.header("X-Request-Id", "no-route-1").get("/v1/nothing-here");
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.json().get("requestId").asString()).isEqualTo("no-route-1");

        Response malformed = new RawHttp(port).get("/v1/members/%zz", "X-Request-Id", "malformed-1");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");
        assertThat(malformed.header("X-Request-Id")).isEqualTo("malformed-1");
        assertThat(malformed.body()).contains("\"requestId\":\"malformed-1\"");
    }

    @Test
    void every_log_line_written_while_a_request_is_served_carries_its_id(CapturedOutput output) {
        String logger = "org.springframework.web.servlet.DispatcherServlet";
        logging.setLogLevel(logger, LogLevel.DEBUG);
        try {
            api.header("X-Request-Id", "logged-4711").get("/v1/members?email=nobody@example.com");
        } finally {
            logging.setLogLevel(logger, null);
        }

        assertThat(output.getOut().lines().filter(l -> l.contains("DispatcherServlet")).toList())
                .isNotEmpty().allSatisfy(line -> assertThat(line).contains("[logged-4711]"));
    }
}
