package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.RawHttp;
import dev.laurel.support.TestProgram;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A path is authorised as it is routed (decoded, normalised), never as it is spelled: every spelling of a
 * path that reaches an endpoint gets the answer the plain spelling gets, and a spelling whose decoded form
 * differs in a dangerous way (an encoded '/' or '\', ';' parameters, '.' and '..' segments, '//', NUL, a
 * '%' that does not decode, double encoding) is refused with 400. Never a 2xx without a key, never a 5xx.
 */
class PathSpellingTest extends IntegrationTest {

    private static final String ID = "3f1c9a52-8a4e-4f7b-9b7e-2c8d1e0f5a61";
    private static final String CLOCK = "{\"now\": \"2031-01-01T00:00:00Z\", \"frozen\": true}";

    /** One path under each prefix: method, path, query. */
    private record Target(String method, String path, String query) {
        String target(String spelled) {
            return spelled + query;
        }
    }

    private static final List<Target> TARGETS = List.of(
            new Target("GET", "/v1/members", ""),
            new Target("PUT", "/v1/admin/clock", ""),
            new Target("GET", "/api/v2/point-accounts/balances/status/" + ID, ""),
            new Target("GET", "/priv/v1/apps/acme-app/users/search", "?email=a%40example.com"),
            new Target("POST", "/loyalty/user/" + ID + "/points", ""),
            new Target("GET", "/console/operations", ""),
            new Target("POST", "/console/members/" + ID + "/adjustments", ""),
            new Target("GET", "/rewards/not-a-token", ""),
            new Target("GET", "/actuator/health", ""));

    private Response send(RawHttp http, Target t, String spelled, String... headers) {
        boolean write = !t.method().equals("GET");
        return http.send(t.method(), t.target(spelled), write ? CLOCK : null, write ? "application/json" : null, headers);
    }

    @Test
    void a_percent_encoded_path_does_not_skip_the_key_check_and_moves_no_clock() {
        Instant before = clock.instant();

        Response r = new RawHttp(port).send("PUT", "/%761/admin/clock", CLOCK, "application/json");

        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.json().get("code").asString()).isEqualTo("missing-api-key");
        assertThat(clock.frozen()).isFalse();
        assertThat(Duration.between(before, clock.instant()).abs()).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void every_harmless_spelling_of_a_path_gets_the_answer_of_its_plain_spelling() {
        RawHttp http = new RawHttp(port);
        for (Target t : TARGETS) {
            Response plain = send(http, t, t.path());
            for (String spelled : harmless(t.path())) {
                Response r = send(http, t, spelled);
                assertThat(r.status()).as(t.method() + " " + spelled + ": " + r).isEqualTo(plain.status());
                if (plain.status() == 401) {
                    assertThat(r.body()).containsAnyOf("\"missing-api-key\"", "\"missing_api_key\"");
                }
            }
        }
    }

    @Test
    void a_dangerous_spelling_of_a_path_is_refused_with_400() {
        RawHttp http = new RawHttp(port);
        for (Target t : TARGETS) {
            for (String spelled : dangerous(t.path())) {
                Response r = send(http, t, spelled);
                assertThat(r.status()).as(t.method() + " " + spelled + ": " + r).isEqualTo(400);
                // problem+json, or on SessionM's /priv/ paths SessionM's error shape
                assertThat(r.header("Content-Type")).as(spelled).startsWith("application/");
                assertThat(r.body()).as(spelled).containsAnyOf("\"status\":400", "\"status\":\"error\"");
            }
        }
    }

    @Test
    void another_case_is_another_path_which_has_no_endpoint() {
        RawHttp http = new RawHttp(port);
        for (Target t : TARGETS) {
            String spelled = "/" + Character.toUpperCase(t.path().charAt(1)) + t.path().substring(2);
            Response r = send(http, t, spelled);
            assertThat(r.status()).as(t.method() + " " + spelled + ": " + r).isIn(404, 405);
        }
    }

    @Test
    void with_a_key_an_encoded_spelling_reaches_the_endpoint_under_the_same_scope_rules() {
        TestProgram p = newProgram();
        RawHttp http = new RawHttp(port);

        assertThat(http.get("/%761/members", "apikey", p.adminKey()).status()).isEqualTo(200);
        Response partner = http.get("/%761/members", "apikey", p.partnerKey());
        assertThat(partner.status()).isEqualTo(403);
        assertThat(partner.json().get("code").asString()).isEqualTo("insufficient-scope");
        String basic = "Basic " + Base64.getEncoder().encodeToString((":" + p.adminKey()).getBytes(StandardCharsets.UTF_8));
        Response plain = http.get("/priv/v1/apps/acme-app/users/search?email=nobody%40example.com", "Authorization", basic);
        Response spelled = http.get("/%70riv/v1/apps/acme-app/users/search?email=nobody%40example.com", "Authorization", basic);
        assertThat(plain.status()).isEqualTo(404);
        assertThat(spelled.status()).isEqualTo(404);
    }

    @Test
    void the_program_schema_is_open_however_its_path_is_spelled_and_nothing_next_to_it_is() {
        RawHttp http = new RawHttp(port);

        assertThat(http.get("/v1/programs/schema").status()).isEqualTo(200);
        assertThat(http.get("/v1/programs/%73chema").status()).isEqualTo(200);
        assertThat(http.get("/v1/programs/schema/").status()).isEqualTo(401);
        assertThat(http.get("/v1/programs/schema;x=1").status()).isEqualTo(400);
        assertThat(http.send("POST", "/v1/programs/schema", "{}", "application/json").status()).isEqualTo(401);
    }

    @Test
    void raw_brackets_in_a_path_are_a_problem_about_the_value_not_a_500() {
        TestProgram p = newProgram();
        RawHttp http = new RawHttp(port);

        assertThat(http.get("/v1/members/[x]").status()).isEqualTo(401);
        Response r = http.get("/v1/members/[x]", "apikey", p.adminKey());
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("code").asString()).isEqualTo("invalid-input");
    }

    /** Spellings that decode to the path itself. */
    private static List<String> harmless(String path) {
        String[] segments = path.substring(1).split("/", -1);
        String first = segments[0];
        String rest = path.substring(1 + first.length());
        String last = segments[segments.length - 1];
        String allButLast = path.substring(0, path.length() - last.length());
        List<String> spellings = new ArrayList<>();
        spellings.add("/" + hex(first.charAt(0), false) + first.substring(1) + rest);
        spellings.add("/" + hex(first.charAt(0), true) + first.substring(1) + rest);
        StringBuilder whole = new StringBuilder("/");
        first.chars().forEach(c -> whole.append(hex((char) c, false)));
        spellings.add(whole + rest);
        spellings.add(allButLast + hex(last.charAt(0), true) + last.substring(1));
        return spellings;
    }

    /** Spellings whose decoded form is not simply the path: each must be refused. */
    private static List<String> dangerous(String path) {
        String first = path.substring(1).split("/", -1)[0];
        String rest = path.substring(1 + first.length());
        return List.of(
                "/%25" + Integer.toHexString(first.charAt(0)) + first.substring(1) + rest,
                "/" + first + "/" + rest,
                "/" + path,
                "/" + first + "/." + rest,
                "/" + first + "/%2e" + rest,
                "/" + first + "/x/.." + rest,
                "/" + first + "/%2E%2E/" + first + rest,
                "/" + first + ";jsessionid=0123456789ABCDEF" + rest,
                path + ";jsessionid=0123456789ABCDEF",
                "/" + first + "%3Bx" + rest,
                "/" + first + "%2F" + rest.substring(1),
                "/" + first + "%2f" + rest.substring(1),
                "/" + first + "%5C" + rest.substring(1),
                "/" + first + "%00" + rest,
                "/" + first + "%zz" + rest,
                path + "%",
                path + "%C3%28");
    }

    private static String hex(char c, boolean upper) {
        String hex = "%" + Integer.toHexString(c);
        return upper ? hex.toUpperCase(Locale.ROOT) : hex;
    }
}
