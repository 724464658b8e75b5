package dev.laurel.members;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MembersApiTest extends IntegrationTest {

    private static final String FULL = """
            {"externalId": "ZTEST002", "email": "ztest002@example.com", "mobileNumber": "+1 (508) 995-9991",
             "firstName": "ZZZ002", "lastName": "Lei", "gender": "m", "dob": "1999-07-01",
             "address": "222 Main St.", "address2": "APT 11", "city": "BOSTON", "zip": "02210", "state": "MA",
             "country": "USA", "optedIn": true, "attributes": {"favouriteDrink": "espresso", "visits": 3, "vip": false},
             "identifiers": [{"type": "loyalty_card", "value": "4000123"}, {"type": "pos", "value": "A-17"}]}
            """;

    private TestProgram program;
    private Api api;

    @BeforeEach
    void program() {
        program = newProgram();
        api = as(program);
    }

    private JsonNode create(String json) {
        Response created = api.post("/v1/members", json);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    @Test
    void a_member_created_with_every_field_reads_back_with_every_field() {
        Response created = api.post("/v1/members", FULL);

        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/v1/members/" + id);
        JsonNode m = api.get("/v1/members/" + id).json();
        assertThat(m.get("id").asString()).isEqualTo(id);
        assertThat(m.get("externalId").asString()).isEqualTo("ZTEST002");
        assertThat(m.get("email").asString()).isEqualTo("ztest002@example.com");
        assertThat(m.get("mobileNumber").asString()).isEqualTo("+15089959991");
        assertThat(m.get("firstName").asString()).isEqualTo("ZZZ002");
        assertThat(m.get("lastName").asString()).isEqualTo("Lei");
        assertThat(m.get("gender").asString()).isEqualTo("m");
        assertThat(m.get("dob").asString()).isEqualTo("1999-07-01");
        assertThat(m.get("address").asString()).isEqualTo("222 Main St.");
        assertThat(m.get("address2").asString()).isEqualTo("APT 11");
        assertThat(m.get("city").asString()).isEqualTo("BOSTON");
        assertThat(m.get("zip").asString()).isEqualTo("02210");
        assertThat(m.get("state").asString()).isEqualTo("MA");
        assertThat(m.get("country").asString()).isEqualTo("USA");
        assertThat(m.get("optedIn").asBoolean()).isTrue();
        assertThat(m.get("attributes").get("favouriteDrink").asString()).isEqualTo("espresso");
        assertThat(m.get("attributes").get("visits").asInt()).isEqualTo(3);
        assertThat(m.get("attributes").get("vip").asBoolean()).isFalse();
        assertThat(m.get("identifiers")).hasSize(2);
        assertThat(m.get("identifiers").get(0).get("type").asString()).isEqualTo("loyalty_card");
        assertThat(m.get("identifiers").get(1).get("value").asString()).isEqualTo("A-17");
        assertThat(m.get("createdAt").asString()).isEqualTo(m.get("updatedAt").asString()).endsWith("Z");
    }

    @Test
    void a_member_may_be_created_with_a_uuid_the_client_chose() {
        String id = UUID.randomUUID().toString();

        create("{\"id\": \"" + id + "\"}");

        assertThat(api.get("/v1/members/" + id).status()).isEqualTo(200);
        Response again = api.post("/v1/members", "{\"id\": \"" + id + "\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asString()).isEqualTo("member-exists");
    }

    @Test
    void a_new_member_gets_the_time_of_the_clock_and_is_not_opted_in_by_default() {
        clock.set(java.time.Instant.parse("2025-03-04T05:06:07.089Z"), true);

        JsonNode m = create("{}");

        assertThat(m.get("createdAt").asString()).isEqualTo("2025-03-04T05:06:07.089Z");
        assertThat(m.get("optedIn").asBoolean()).isFalse();
        assertThat(m.get("attributes").isEmpty()).isTrue();
        assertThat(m.get("identifiers").isEmpty()).isTrue();
    }

    @Test
    void external_ids_and_identifiers_are_unique_within_a_program_but_not_across_programs() {
        create("{\"externalId\": \"X-1\", \"identifiers\": [{\"type\": \"card\", \"value\": \"1\"}]}");

        Response sameExternal = api.post("/v1/members", "{\"externalId\": \"X-1\"}");
        assertThat(sameExternal.status()).isEqualTo(409);
        assertThat(sameExternal.json().get("code").asString()).isEqualTo("external-id-taken");
        assertThat(sameExternal.json().get("errors").get(0).get("field").asString()).isEqualTo("externalId");

        Response sameIdentifier = api.post("/v1/members",
                "{\"identifiers\": [{\"type\": \"pos\", \"value\": \"9\"}, {\"type\": \"card\", \"value\": \"1\"}]}");
        assertThat(sameIdentifier.status()).isEqualTo(409);
        assertThat(sameIdentifier.json().get("code").asString()).isEqualTo("identifier-taken");
        assertThat(sameIdentifier.json().get("errors").get(0).get("field").asString()).isEqualTo("identifiers[1]");

        TestProgram other = newProgram();
        assertThat(as(other).post("/v1/members", "{\"externalId\": \"X-1\", \"identifiers\": [{\"type\": \"card\", \"value\": \"1\"}]}")
                .status()).isEqualTo(201);
    }

    /** The program-wide directory of these values (member_keys) lets go of a value its member no longer has. */
    @Test
    void an_external_id_or_identifier_a_member_gives_up_or_loses_to_erasure_is_free_for_another_member() {
        String ann = create("{\"externalId\": \"K-1\", \"identifiers\": [{\"type\": \"card\", \"value\": \"7\"}]}").get("id").asString();
        String bob = create("{\"externalId\": \"K-2\"}").get("id").asString();
        assertThat(api.patch("/v1/members/" + bob, "{\"externalId\": \"K-1\"}").status()).isEqualTo(409);

        Response changed = api.patch("/v1/members/" + ann, "{\"externalId\": \"K-3\", \"identifiers\": [{\"type\": \"card\", \"value\": \"8\"}]}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(api.patch("/v1/members/" + bob, "{\"externalId\": \"K-1\", \"identifiers\": [{\"type\": \"card\", \"value\": \"7\"}]}")
                .status()).isEqualTo(200);
        assertThat(api.post("/v1/members", "{\"externalId\": \"K-3\"}").status()).isEqualTo(409);
        assertThat(api.get("/v1/members?externalId=K-1").json().get("items").get(0).get("id").asString()).isEqualTo(bob);
        assertThat(api.get("/v1/members?externalId=K-3").json().get("items").get(0).get("id").asString()).isEqualTo(ann);

        assertThat(api.send("DELETE", "/v1/members/" + ann, null, null).status()).isEqualTo(200);
        assertThat(api.get("/v1/members?externalId=K-3").json().get("items").size()).isZero();
        create("{\"externalId\": \"K-3\", \"identifiers\": [{\"type\": \"card\", \"value\": \"8\"}]}");
    }

    @Test
    void the_same_identifier_twice_in_one_member_is_refused() {
        Response r = api.post("/v1/members", "{\"identifiers\": [{\"type\": \"card\", \"value\": \"1\"}, {\"type\": \"card\", \"value\": \"1\"}]}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("identifiers[1]");
    }

    @Test
    void members_are_found_by_exact_email_external_id_mobile_number_and_identifier() {
        String id = create(FULL).get("id").asString();
        create("{\"email\": \"someone.else@example.com\", \"externalId\": \"OTHER\"}");

        assertThat(ids(api.get("/v1/members?email=ZTEST002@Example.com"))).containsExactly(id);
        assertThat(ids(api.get("/v1/members?externalId=ZTEST002"))).containsExactly(id);
        assertThat(ids(api.get("/v1/members?mobileNumber=%2B15089959991"))).containsExactly(id);
        assertThat(ids(api.get("/v1/members?mobileNumber=%2B1%20508-995-9991"))).containsExactly(id);
        assertThat(ids(api.get("/v1/members?identifier=loyalty_card:4000123"))).containsExactly(id);
        assertThat(ids(api.get("/v1/members?identifier=loyalty_card:400012"))).isEmpty();
        assertThat(ids(api.get("/v1/members?externalId=ZTEST00"))).isEmpty();
        assertThat(ids(api.get("/v1/members?email=ztest002@example.com&externalId=OTHER"))).isEmpty();
    }

    @Test
    void search_pages_with_a_cursor_until_the_last_page() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(create("{\"country\": \"SE\"}").get("id").asString());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.get("/v1/members?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().get("items").size()).isLessThanOrEqualTo(3);
            seen.addAll(ids(page));
            JsonNode next = page.json().get("nextCursor");
            cursor = next.isNull() ? null : next.asString();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
    }

    @Test
    void search_refuses_a_bad_limit_cursor_or_identifier() {
        assertThat(field(api.get("/v1/members?limit=0"))).isEqualTo("limit");
        assertThat(field(api.get("/v1/members?limit=501"))).isEqualTo("limit");
        assertThat(field(api.get("/v1/members?limit=ten"))).isEqualTo("limit");
        assertThat(field(api.get("/v1/members?cursor=garbage"))).isEqualTo("cursor");
        assertThat(field(api.get("/v1/members?identifier=nocolon"))).isEqualTo("identifier");
    }

    @Test
    void a_merge_patch_changes_clears_and_merges_fields() {
        String id = create(FULL).get("id").asString();
        clock.advance(java.time.Duration.ofMinutes(5));

        Response patched = api.patch("/v1/members/" + id, """
                {"email": "new@example.com", "address2": null, "attributes": {"vip": true, "visits": null, "tier": "gold"},
                 "identifiers": [{"type": "pos", "value": "B-2"}]}
                """);

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode m = api.get("/v1/members/" + id).json();
        assertThat(m.get("email").asString()).isEqualTo("new@example.com");
        assertThat(m.get("address2").isNull()).isTrue();
        assertThat(m.get("firstName").asString()).isEqualTo("ZZZ002");
        assertThat(m.get("attributes").get("vip").asBoolean()).isTrue();
        assertThat(m.get("attributes").has("visits")).isFalse();
        assertThat(m.get("attributes").get("favouriteDrink").asString()).isEqualTo("espresso");
        assertThat(m.get("attributes").get("tier").asString()).isEqualTo("gold");
        assertThat(m.get("identifiers")).hasSize(1);
        assertThat(m.get("updatedAt").asString()).isNotEqualTo(m.get("createdAt").asString());
        assertThat(ids(api.get("/v1/members?identifier=loyalty_card:4000123"))).isEmpty();
        assertThat(ids(api.get("/v1/members?identifier=pos:B-2"))).containsExactly(id);
    }

    @Test
    void a_patch_is_validated_like_a_create_and_changes_nothing_when_refused() {
        String id = create(FULL).get("id").asString();
        create("{\"externalId\": \"TAKEN\"}");

        assertThat(field(api.patch("/v1/members/" + id, "{\"email\": \"not-an-email\"}"))).isEqualTo("email");
        assertThat(field(api.patch("/v1/members/" + id, "{\"optedIn\": \"yes\"}"))).isEqualTo("optedIn");
        assertThat(field(api.patch("/v1/members/" + id, "{\"id\": \"" + UUID.randomUUID() + "\"}"))).isEqualTo("id");
        assertThat(field(api.patch("/v1/members/" + id, "{\"createdAt\": \"2020-01-01T00:00:00Z\"}"))).isEqualTo("createdAt");
        assertThat(field(api.patch("/v1/members/" + id, "{\"nickname\": \"z\"}"))).isEqualTo("nickname");
        assertThat(api.patch("/v1/members/" + id, "[1, 2]").status()).isEqualTo(400);
        Response taken = api.patch("/v1/members/" + id, "{\"externalId\": \"TAKEN\"}");
        assertThat(taken.status()).isEqualTo(409);

        assertThat(api.get("/v1/members/" + id).json().get("email").asString()).isEqualTo("ztest002@example.com");
        assertThat(api.get("/v1/members/" + id).json().get("externalId").asString()).isEqualTo("ZTEST002");
    }

    @Test
    void patching_or_reading_an_unknown_member_is_404() {
        String unknown = UUID.randomUUID().toString();

        assertThat(api.get("/v1/members/" + unknown).json().get("code").asString()).isEqualTo("member-not-found");
        assertThat(api.patch("/v1/members/" + unknown, "{\"city\": \"X\"}").status()).isEqualTo(404);
    }

    @Test
    void each_field_rule_is_enforced_with_the_field_named() {
        assertThat(field(api.post("/v1/members", "{\"email\": \"nope\"}"))).isEqualTo("email");
        assertThat(field(api.post("/v1/members", "{\"email\": \"a@b\"}"))).isEqualTo("email");
        assertThat(field(api.post("/v1/members", "{\"mobileNumber\": \"call me\"}"))).isEqualTo("mobileNumber");
        assertThat(field(api.post("/v1/members", "{\"dob\": \"1999-13-01\"}"))).isEqualTo("dob");
        assertThat(field(api.post("/v1/members", "{\"dob\": \"2999-01-01\"}"))).isEqualTo("dob");
        assertThat(field(api.post("/v1/members", "{\"firstName\": \"" + "x".repeat(201) + "\"}"))).isEqualTo("firstName");
        assertThat(field(api.post("/v1/members", "{\"externalId\": \" padded \"}"))).isEqualTo("externalId");
        assertThat(field(api.post("/v1/members", "{\"id\": \"111111fa6-103b-459b-8d01-b6c000e8e26a\"}"))).isEqualTo("id");
        assertThat(field(api.post("/v1/members", "{\"attributes\": [1]}"))).isEqualTo("attributes");
        assertThat(field(api.post("/v1/members", "{\"identifiers\": [{\"type\": \"bad type!\", \"value\": \"1\"}]}")))
                .isEqualTo("identifiers[0].type");
        assertThat(field(api.post("/v1/members", "{\"identifiers\": [{\"type\": \"card\"}]}"))).isEqualTo("identifiers[0].value");
        assertThat(field(api.post("/v1/members", "{\"createdAt\": \"2020-01-01T00:00:00Z\"}"))).isEqualTo("createdAt");
        assertThat(field(api.post("/v1/members", "{\"firstName\": 12}"))).isEqualTo("firstName");
    }

    @Test
    void every_problem_in_a_request_is_reported_at_once() {
        Response r = api.post("/v1/members", "{\"email\": \"nope\", \"dob\": \"x\", \"optedIn\": 1, \"color\": \"red\"}");

        assertThat(r.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        r.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("dob", "optedIn", "color");
    }

    @Test
    void one_program_never_sees_another_programs_members() {
        String id = create(FULL).get("id").asString();
        TestProgram other = newProgram();
        Api otherApi = as(other);

        assertThat(otherApi.get("/v1/members/" + id).status()).isEqualTo(404);
        assertThat(otherApi.patch("/v1/members/" + id, "{\"city\": \"X\"}").status()).isEqualTo(404);
        assertThat(ids(otherApi.get("/v1/members?externalId=ZTEST002"))).isEmpty();
        assertThat(ids(otherApi.get("/v1/members?email=ztest002@example.com"))).isEmpty();
        assertThat(ids(otherApi.get("/v1/members?mobileNumber=%2B15089959991"))).isEmpty();
        assertThat(ids(otherApi.get("/v1/members?identifier=loyalty_card:4000123"))).isEmpty();
        assertThat(ids(otherApi.get("/v1/members?limit=500"))).doesNotContain(id);
        assertThat(api.get("/v1/members/" + id).json().get("city").asString()).isEqualTo("BOSTON");
    }

    private static List<String> ids(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().get("items").forEach(m -> ids.add(m.get("id").asString()));
        return ids;
    }

    private static String field(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        return r.json().get("errors").get(0).get("field").asString();
    }
}
