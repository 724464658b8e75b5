package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.RawHttp;
import dev.laurel.support.TestProgram;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Input an attacker (or a broken client) sends to make Laurel fail or quietly store something else than was
 * sent: each is a 4xx problem, and nothing is written. Requests {@code java.net.http} refuses to send go over a
 * raw socket ({@link RawHttp}).
 */
class HostileInputTest extends IntegrationTest {

    private static final String ADJUSTMENT = "{\"definitionId\": 1, \"amount\": 1, \"description\": \"d\", \"source\": \"Manual\","
            + " \"userId\": \"u\", \"userName\": \"n\"}";

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

    /** 400 invalid-input whose one error names {@code field}. */
    private static void assertInvalid(Response r, String field) {
        assertProblem(r, 400, "invalid-input");
        assertThat(r.json().get("errors").get(0).get("field").asString()).as(r.toString()).isEqualTo(field);
    }

    private long balance() {
        return api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong();
    }

    // ---------------------------------------------------------------- NUL

    @Test
    void a_nul_character_in_any_json_text_is_400_naming_the_field() {
        assertInvalid(api.post("/v1/members", "{\"firstName\": \"a\\u0000b\"}"), "firstName");
        assertInvalid(api.post("/v1/members", "{\"attributes\": {\"tier\": {\"note\": \"\\u0000\"}}}"), "attributes.tier.note");
        assertInvalid(api.post("/v1/members", "{\"identifiers\": [{\"type\": \"card\", \"value\": \"1\\u0000\"}]}"),
                "identifiers[0].value");
        Response name = api.post("/v1/members", "{\"attributes\": {\"k\\u0000\": \"v\"}}");
        assertProblem(name, 400, "invalid-input");
        assertThat(name.json().get("errors").get(0).get("field").asString()).isEqualTo("attributes.k\\u0000");
        assertInvalid(api.post("/v1/members/" + member + "/adjustments", ADJUSTMENT.replace("\"d\"", "\"d\\u0000\"")), "description");
        assertInvalid(api.post("/v1/members/" + member + "/events",
                "{\"type\": \"opened\\u0000email\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}"), "type");
        assertInvalid(api().key(program.partnerKey()).post("/loyalty/user/" + member + "/points",
                "{\"partner\": \"Partner\", \"points\": 5, \"reference\": \"\\u0000\"}"), "reference");
        assertInvalid(api.put("/v1/admin/clock", "{\"now\": \"2026-01-01T00:00:00Z\\u0000\"}"), "now");
        assertThat(balance()).isZero();
    }

    @Test
    void a_nul_character_in_an_engage_sync_item_is_400_naming_the_item() {
        Api follower = as(newProgram(TestProgram.POINT_FOLLOWER));
        String contact = follower.post("/v1/members", "{}").json().get("id").asString();

        Response r = follower.post("/api/v2/point-accounts/transactions", "[{\"contactId\": \"" + contact
                + "\", \"amount\": 5, \"definitionId\": 1, \"timeStamp\": \"2024-02-29T10:00:00Z\", \"source\": \"Purchase\","
                + " \"description\": \"gauntlets\\u0000\"}]");

        assertInvalid(r, "[0].description");
    }

    @Test
    void a_nul_character_in_a_program_document_is_refused_naming_the_field() {
        ObjectNode document = (ObjectNode) api.get("/v1/programs/" + program.id()).json();
        document.put("name", "ACME\u0000Rewards");

        Response json = api.put("/v1/programs/" + program.id(), document.toString());
        Response yaml = api.send("PUT", "/v1/programs/" + program.id(),
                program.yaml().replace("name: ACME Rewards", "name: \"ACME\\0Rewards\""), "application/yaml");

        for (Response r : new Response[] {json, yaml}) {
            assertProblem(r, 400, "invalid-program");
            assertThat(r.json().get("errors").get(0).get("field").asString()).as(r.toString()).isEqualTo("name");
        }
    }

    @Test
    void a_nul_character_in_a_query_value_or_name_is_400_naming_the_parameter() {
        assertInvalid(raw.get("/v1/members?email=a%00b", "apikey", program.adminKey()), "email");
        assertInvalid(raw.get("/v1/members?externalId=%00", "apikey", program.adminKey()), "externalId");
        assertInvalid(raw.get("/actuator/health?probe=%00"), "probe");
        assertInvalid(raw.get("/v1/members?na%00me=x", "apikey", program.adminKey()), "na\\u0000me");
        String basic = "Basic " + Base64.getEncoder().encodeToString((":" + program.adminKey()).getBytes(StandardCharsets.UTF_8));
        Response sessionm = raw.get("/priv/v1/apps/acme-app/users/search?email=a%00b", "Authorization", basic);
        assertThat(sessionm.status()).isEqualTo(400);
        assertThat(sessionm.json().get("status").asString()).isEqualTo("error");
        // In a path Tomcat itself refuses it (PathSpellingTest has the rest of the path's spellings).
        Response path = raw.get("/v1/members/%00", "apikey", program.adminKey());
        assertThat(path.status()).isEqualTo(400);
        assertThat(path.header("Content-Type")).startsWith("application/problem+json");
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

    @Test
    void a_form_body_with_bad_escapes_on_put_patch_or_delete_is_never_parsed() {
        String form = "application/x-www-form-urlencoded";
        String bad = "a=%zz&b=%&c=%e9";
        assertProblem(raw.send("PATCH", "/v1/purchases", bad, form, "apikey", program.adminKey()), 405, "method-not-allowed");
        assertProblem(raw.send("PUT", "/v1/admin/clock", bad, form, "apikey", program.adminKey()), 415, "unsupported-media-type");
        assertProblem(raw.send("PATCH", "/v1/members/" + member, bad, form, "apikey", program.adminKey()), 415, "unsupported-media-type");
        assertProblem(raw.send("PATCH", "/error", bad, form), 404, "not-found");
    }

    @Test
    void a_health_group_that_does_not_exist_is_a_404_problem() {
        assertProblem(raw.get("/actuator/health/READINESS"), 404, "not-found");
        assertProblem(raw.get("/actuator/health/no-such-group"), 404, "not-found");
        assertThat(raw.get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- /error

    @Test
    void the_error_path_asked_for_directly_is_not_found_whatever_the_method() {
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
            Response r = raw.send(method, "/error", method.equals("GET") || method.equals("DELETE") ? null : "{}", "application/json");
            assertProblem(r, 404, "not-found");
        }
    }

    // ---------------------------------------------------------------- silent changes

    @Test
    void a_json_field_given_twice_is_refused_not_the_last_one_taken() {
        Response adjustment = api.post("/v1/members/" + member + "/adjustments", ADJUSTMENT.replace("\"amount\": 1,", "\"amount\": 1, \"amount\": 1000,"));
        Response created = api.post("/v1/members", "{\"email\": \"a@example.com\", \"email\": \"b@example.com\"}");
        Response nested = api.post("/v1/members", "{\"attributes\": {\"k\": 1, \"k\": 2}}");
        Response clock = api.put("/v1/admin/clock", "{\"now\": \"2026-01-01T00:00:00Z\", \"now\": \"2027-01-01T00:00:00Z\"}");

        for (Response r : new Response[] {adjustment, created, nested, clock}) {
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.json().get("detail").asString()).as(r.toString()).containsIgnoringCase("duplicate");
        }
        assertThat(adjustment.json().get("detail").asString()).contains("amount");
        assertThat(balance()).isZero();
        assertThat(api.get("/v1/members?email=b@example.com").json().get("items")).isEmpty();
    }

    @Test
    void a_lone_surrogate_is_refused_not_stored_as_a_question_mark() {
        assertInvalid(api.post("/v1/members", "{\"firstName\": \"a\\ud800b\"}"), "firstName");
        assertInvalid(api.post("/v1/members", "{\"firstName\": \"\\udc00\"}"), "firstName");
        assertInvalid(api.post("/v1/members", "{\"lastName\": \"\\udc00\\ud800\"}"), "lastName");
        assertInvalid(api.post("/v1/members/" + member + "/adjustments", ADJUSTMENT.replace("\"d\"", "\"\\ud83d\"")), "description");

        Response pair = api.post("/v1/members", "{\"firstName\": \"\\ud83d\\ude00 Zed\"}");
        assertThat(pair.status()).as(pair.toString()).isEqualTo(201);
        String id = pair.json().get("id").asString();
        assertThat(api.get("/v1/members/" + id).json().get("firstName").asString()).isEqualTo("\uD83D\uDE00 Zed");
    }

    @Test
    void a_uuid_in_any_but_its_canonical_form_is_refused() {
        String other = "00000001-0002-0003-0004-000000000005";
        assertInvalid(api.get("/v1/members/1-2-3-4-5"), "id");
        assertInvalid(api.get("/v1/members/" + member + "/points-log/1-2-3-4-5"), "entryId");
        assertInvalid(api.get("/v1/members/0000000000001-2-3-4-5"), "id");
        assertInvalid(api.post("/v1/members/" + member + "/reversals", "{\"entryId\": \"1-2-3-4-5\"}"), "entryId");
        assertInvalid(api.post("/v1/purchases", "{\"memberId\": \"1-2-3-4-5\", \"orderId\": \"o\", \"amount\": \"1.00\", "
                + "\"currency\": \"USD\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}"), "memberId");
        assertInvalid(api.post("/v1/members", "{\"id\": \"1-2-3-4-5\"}"), "id");
        assertInvalid(as(newProgram(TestProgram.POINT_FOLLOWER)).get("/api/v2/point-accounts/balances/status/1-2-3-4-5"), "id");

        Response created = api.post("/v1/members", "{\"id\": \"" + other + "\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(api.get("/v1/members/" + other.toUpperCase()).status()).isEqualTo(200);
        assertThat(api().key(program.partnerKey()).post("/loyalty/user/1-2-3-4-5/points",
                "{\"partner\": \"Partner\", \"points\": 5, \"reference\": \"r\"}").status()).isEqualTo(404);
        String basic = "Basic " + Base64.getEncoder().encodeToString((":" + program.adminKey()).getBytes(StandardCharsets.UTF_8));
        assertThat(api().header("Authorization", basic).get("/priv/v1/apps/acme-app/users/1-2-3-4-5/point_accounts").status())
                .isEqualTo(404);
        assertThat(api().header("Authorization", basic).get("/priv/v1/apps/acme-app/users/" + other + "/point_accounts").status())
                .isEqualTo(200);
    }
}
