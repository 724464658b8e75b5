package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Bad input of every kind gets a 4xx problem with a stable type and code, never a 500. */
class ErrorContractTest extends IntegrationTest {

    private TestProgram program;
    private Api api;

    @BeforeEach
    void program() {
        program = newProgram();
        api = as(program);
    }

    private static void assertProblem(Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("type").asString()).isEqualTo("urn:laurel:problem:" + code);
        assertThat(r.json().get("code").asString()).isEqualTo(code);
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("detail").asString()).isNotBlank();
    }

    @Test
    void malformed_json_is_400_with_where_it_broke() {
        Response r = api.post("/v1/members", "{\"email\": ");

        assertProblem(r, 400, "malformed-json");
        assertThat(r.json().get("detail").asString()).contains("line 1");
    }

    @Test
    void an_empty_body_or_trailing_garbage_is_400() {
        assertProblem(api.post("/v1/members", ""), 400, "malformed-body");
        assertProblem(api.post("/v1/members", "{} {}"), 400, "malformed-body");
    }

    @Test
    void wrong_types_are_400_naming_the_field() {
        Response r = api.put("/v1/admin/clock", "{\"now\": \"yesterday\"}");
        assertProblem(r, 400, "invalid-input");
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("now");

        Response frozen = api.put("/v1/admin/clock", "{\"now\": \"2024-01-01T00:00:00Z\", \"frozen\": \"yes\"}");
        assertProblem(frozen, 400, "invalid-input");
        assertThat(frozen.json().get("errors").get(0).get("field").asString()).isEqualTo("frozen");

        Response unknown = api.put("/v1/admin/clock", "{\"now\": \"2024-01-01T00:00:00Z\", \"speed\": 2}");
        assertProblem(unknown, 400, "invalid-input");
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("speed");
    }

    @Test
    void an_unknown_enum_value_is_400_listing_the_allowed_ones() {
        ObjectNode document = (ObjectNode) api.get("/v1/programs/" + program.id()).json();
        document.put("availablePoints", "EVERYTHING");

        Response r = api.put("/v1/programs/" + program.id(), document.toString());

        assertProblem(r, 400, "invalid-program");
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("availablePoints");
        assertThat(r.json().get("errors").get(0).get("message").asString()).contains("SPENDABLE, SPENDABLE_PLUS_ESCROW");
    }

    @Test
    void an_unsupported_media_type_or_method_is_a_problem() {
        assertProblem(api.send("POST", "/v1/members", "email=x", "application/x-www-form-urlencoded"), 415, "unsupported-media-type");
        assertProblem(api.send("DELETE", "/v1/members", null, null), 405, "method-not-allowed");
        assertProblem(api.get("/v1/no-such-endpoint"), 404, "not-found");
    }

    @Test
    void a_request_tomcat_itself_refuses_is_answered_as_a_problem_too() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.getOutputStream().write("GET /v1/members?x=\"<> HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).contains("application/problem+json", "\"code\":\"bad-request\"").doesNotContain("<html");
        }
    }

    @Test
    void the_seeds_raw_brackets_in_a_query_are_accepted() {
        Response r = api.get("/v1/members?limit=1&user[user_profile]=true");

        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void a_body_over_8_mib_is_413_without_being_read() throws Exception {
        Response r = api.post("/v1/members", "{\"firstName\": \"" + "a".repeat(9 * 1024 * 1024) + "\"}");
        assertProblem(r, 413, "body-too-large");
    }

    @Test
    void a_chunked_body_over_8_mib_is_413_once_the_limit_is_passed() throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://localhost:" + port + "/v1/members").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setChunkedStreamingMode(64 * 1024);
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty("apikey", program.adminKey());
        byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = c.getOutputStream()) {
            out.write("{\"firstName\": \"".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 9 * 16; i++) {
                out.write(chunk);
            }
            out.write("\"}".getBytes(StandardCharsets.US_ASCII));
        } catch (java.io.IOException closedEarly) {
            // The server may close the connection once it has answered; the answer is still there to read.
        }
        assertThat(c.getResponseCode()).isEqualTo(413);
        assertThat(c.getContentType()).startsWith("application/problem+json");
    }
}
