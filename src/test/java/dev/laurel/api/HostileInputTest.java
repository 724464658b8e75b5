package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.RawHttp;
import dev.laurel.support.TestProgram;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Input an attacker (or a broken client) sends to make Laurel fail or quietly store something else than was
 * sent: each is a 4xx problem, and nothing is written. Requests {@code java.net.http} refuses to send go over a
 * raw socket ({@link RawHttp}).
 */
class HostileInputTest extends IntegrationTest {

    private TestProgram program;
    private Api api;
    private RawHttp raw;
    private String member;

    @BeforeEach
    void program() {
        program = newProgram();
        api = as(program);
        raw = new RawHttp(port);
        member = api.post("/v1/members", "{}").json().get("id").asString();
    }

    private static void assertProblem(Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).as(r.toString()).isEqualTo(code);
    }

    // ---------------------------------------------------------------- parameters Tomcat cannot read

    @Test
    void a_malformed_escape_in_a_query_is_400_even_on_health() {
        for (String target : new String[] {"/actuator/health?a=%zz", "/actuator/health?a=%", "/actuator/health?a=%C3%28",
                "/v1/members?email=%zz", "/v1/members?email%zz=x"}) {
            assertProblem(raw.get(target, "apikey", program.adminKey()), 400, "invalid-parameters");
        }
    }

    @Test
    void more_than_1000_query_parameters_are_400() {
        String query = IntStream.range(0, 1001).mapToObj(i -> "p" + i + "=1").collect(Collectors.joining("&"));

        assertProblem(raw.get("/actuator/health?" + query), 400, "invalid-parameters");
        assertProblem(raw.get("/v1/members?" + query, "apikey", program.adminKey()), 400, "invalid-parameters");
        assertThat(raw.get("/actuator/health?" + query.substring(0, query.lastIndexOf('&'))).status()).isEqualTo(200);
    }

    @Test
    void a_form_body_with_bad_escapes_is_400_on_api_and_console_paths() {
        String form = "application/x-www-form-urlencoded";
        assertProblem(raw.send("POST", "/v1/members", "email=%zz", form, "apikey", program.adminKey()), 400, "invalid-parameters");
        assertProblem(raw.send("POST", "/console/login", "program=acme&username=%zz&password=x", form), 400, "invalid-parameters");
        assertProblem(raw.send("POST", "/console/members/" + member + "/adjustments", "amount=%", form), 400, "invalid-parameters");
        assertProblem(raw.send("POST", "/rewards/x/campaigns/y/enrollment", "_csrf=%G0", form), 400, "invalid-parameters");
    }

    // ---------------------------------------------------------------- /error

    @Test
    void the_error_path_asked_for_directly_is_not_found_whatever_the_method() {
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
            Response r = raw.send(method, "/error", method.equals("GET") || method.equals("DELETE") ? null : "{}", "application/json");
            assertProblem(r, 404, "not-found");
        }
    }
}
