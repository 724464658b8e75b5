package dev.laurel.members;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A member's export and erasure over HTTP: everything Laurel holds comes out; personal data goes, the ledger stays exact. */
class MemberDataRightsApiTest extends IntegrationTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final String MANUAL = "\"description\": \"Welcome\", \"source\": \"Manual\","
            + " \"userId\": \"c23f28cb-d62d-42cf-9d11-b919198409ea\", \"userName\": \"Jimmy User\"";

    @Autowired
    JdbcClient jdbc;

    private TestProgram program;
    private Api api;
    private String member;

    @BeforeEach
    void aMemberWithHistory() {
        clock.set(NOW, true);
        program = newProgram();
        api = as(program);
        member = created(api.post("/v1/members", """
                {"externalId": "ERASE-1", "email": "ada@example.com", "mobileNumber": "+15089959991", "firstName": "Ada",
                 "lastName": "Lovelace", "gender": "f", "dob": "1990-12-10", "address": "1 Main St.", "city": "Boston",
                 "zip": "02210", "state": "MA", "country": "USA", "optedIn": true, "attributes": {"favouriteDrink": "tea"},
                 "identifiers": [{"type": "loyalty_card", "value": "4000999"}]}""")).get("id").asString();
        created(api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"O-" + UUID.randomUUID()
                + "\", \"amount\": \"40.00\", \"currency\": \"USD\", \"occurredAt\": \"" + NOW.minusSeconds(60) + "\"}"));
        created(api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 1, \"amount\": 500, " + MANUAL + "}"));
        created(api.post("/v1/members/" + member + "/events", "{\"type\": \"store_visit\", \"occurredAt\": \"" + NOW.minusSeconds(30)
                + "\", \"attributes\": {\"store\": \"Boston\", \"note\": \"asked for Ada by name\"}}"));
        Response partner = api().key(program.partnerKey()).post("/loyalty/user/" + member + "/points",
                "{\"partner\": \"Partner\", \"points\": 100, \"reference\": \"Prize #3\"}");
        assertThat(partner.status()).as("%s", partner).isLessThan(300);
        created(api.post("/v1/members/" + member + "/holds", "{\"definitionId\": 1, \"points\": 50, \"reference\": \"till-7\","
                + " \"expiresInSeconds\": 900}"));
    }

    private static JsonNode created(Response r) {
        assertThat(r.status()).as("%s", r).isIn(200, 201);
        return r.json();
    }

    @Test
    void the_export_holds_the_profile_accounts_every_entry_lots_holds_timeline_purchases_partner_awards_tier_and_campaigns() {
        Response export = api.get("/v1/members/" + member + "/export");

        assertThat(export.status()).as("%s", export).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("application/json");
        JsonNode doc = export.json();
        assertThat(doc.get("programId").asString()).isEqualTo(program.id());
        assertThat(doc.get("exportedAt").asString()).isEqualTo(NOW.toString());
        assertThat(doc.get("member").get("email").asString()).isEqualTo("ada@example.com");
        assertThat(doc.get("member").get("identifiers").get(0).get("value").asString()).isEqualTo("4000999");
        assertThat(doc.get("member").get("attributes").get("favouriteDrink").asString()).isEqualTo("tea");
        assertThat(doc.get("erasure").isNull()).isTrue();
        assertThat(doc.get("pointAccounts")).isNotEmpty();
        int logged = api.get("/v1/members/" + member + "/points-log?limit=500").json().get("items").size();
        assertThat(doc.get("ledgerEntries")).hasSize(logged);
        assertThat(logged).isGreaterThanOrEqualTo(4);
        assertThat(doc.get("lots")).isNotEmpty();
        assertThat(doc.get("holds")).hasSize(1);
        assertThat(doc.get("holds").get(0).get("points").asLong()).isEqualTo(50);
        assertThat(doc.get("vouchers")).isEmpty();
        assertThat(types(doc.get("timeline"))).contains("store_visit", "purchased");
        assertThat(doc.get("purchases")).hasSize(1);
        assertThat(doc.get("purchases").get(0).get("earnings")).isNotEmpty();
        assertThat(doc.get("partnerTransactions")).hasSize(1);
        assertThat(doc.get("partnerTransactions").get(0).get("reference").asString()).isEqualTo("Prize #3");
        assertThat(doc.get("tier").get("level").asString()).isEqualTo("Base");
        assertThat(doc.get("tierHistory")).isNotEmpty();
        assertThat(doc.get("campaigns")).hasSize(programs.get(program.id()).campaigns().size());
    }

    @Test
    void erasure_clears_personal_data_keeps_the_ledger_exact_records_who_and_when_and_is_idempotent() {
        String balancesBefore = api.get("/v1/members/" + member + "/point-accounts").body();
        int entriesBefore = api.get("/v1/members/" + member + "/points-log?limit=500").json().get("items").size();

        Response erased = api.send("DELETE", "/v1/members/" + member, null, null);

        assertThat(erased.status()).as("%s", erased).isEqualTo(200);
        assertThat(erased.json().get("memberId").asString()).isEqualTo(member);
        assertThat(erased.json().get("erasedAt").asString()).isEqualTo(NOW.toString());
        assertThat(erased.json().get("erasedBy").asString()).isEqualTo("middleware");
        Response gone = api.get("/v1/members/" + member);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.header("Content-Type")).startsWith("application/problem+json");
        assertThat(gone.json().get("code").asString()).isEqualTo("member-erased");
        assertThat(api.patch("/v1/members/" + member, "{\"email\": \"back@example.com\"}").status()).isEqualTo(410);
        for (String query : List.of("email=ada@example.com", "externalId=ERASE-1", "identifier=loyalty_card:4000999",
                "mobileNumber=%2B15089959991")) {
            assertThat(api.get("/v1/members?" + query).json().get("items")).as(query).isEmpty();
        }
        assertThat(api.get("/v1/members").json().get("items")).isEmpty();
        assertThat(api.get("/v1/members/" + member + "/point-accounts").body()).isEqualTo(balancesBefore);
        assertThat(api.get("/v1/members/" + member + "/points-log?limit=500").json().get("items")).hasSize(entriesBefore);
        JsonNode check = api.get("/v1/admin/ledger/verify").json();
        assertThat(check.get("mismatches").asLong()).as("%s", check).isZero();
        assertThat(check.get("accountsChecked").asLong()).isPositive();

        JsonNode doc = api.get("/v1/members/" + member + "/export").json();
        JsonNode profile = doc.get("member");
        for (String field : List.of("externalId", "email", "mobileNumber", "firstName", "lastName", "gender", "dob", "address",
                "city", "zip", "state", "country")) {
            assertThat(profile.get(field).isNull()).as(field).isTrue();
        }
        assertThat(profile.get("attributes")).isEmpty();
        assertThat(profile.get("identifiers")).isEmpty();
        assertThat(profile.get("optedIn").asBoolean()).isFalse();
        assertThat(doc.get("erasure").get("erasedBy").asString()).isEqualTo("middleware");
        assertThat(doc.get("ledgerEntries")).hasSize(entriesBefore);
        for (JsonNode event : doc.get("timeline")) {
            if (event.get("origin").asString().equals("API")) {
                assertThat(event.get("attributes")).as("%s", event).isEmpty();
            }
        }
        assertThat(jdbc.sql("select count(*) from member_identifiers where program_id = :p").param("p", program.id())
                .query(Long.class).single()).isZero();

        clock.set(NOW.plus(Duration.ofDays(1)), true);
        Response again = api.send("DELETE", "/v1/members/" + member, null, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("erasedAt").asString()).isEqualTo(NOW.toString());
        assertThat(jdbc.sql("select count(*) from member_erasures where program_id = :p").param("p", program.id())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(api.get("/v1/admin/ledger/verify").json().get("mismatches").asLong()).isZero();
    }

    @Test
    void an_answer_kept_for_an_idempotency_key_loses_the_erased_members_data_and_replays_as_410() {
        Api keyed = api.header("Idempotency-Key", "create-" + UUID.randomUUID());
        String body = "{\"externalId\": \"KEYED-1\", \"email\": \"grace@example.com\", \"firstName\": \"Grace\"}";
        String keyedMember = created(keyed.post("/v1/members", body)).get("id").asString();
        long members = jdbc.sql("select count(*) from members where program_id = :p").param("p", program.id()).query(Long.class).single();

        assertThat(api.send("DELETE", "/v1/members/" + keyedMember, null, null).status()).isEqualTo(200);
        Response replay = keyed.post("/v1/members", body);

        assertThat(replay.status()).as("%s", replay).isEqualTo(410);
        assertThat(replay.json().get("code").asString()).isEqualTo("member-erased");
        assertThat(replay.body()).doesNotContain("grace@example.com", "Grace", "KEYED-1");
        assertThat(jdbc.sql("select count(*) from members where program_id = :p").param("p", program.id()).query(Long.class).single())
                .as("the replay created nobody").isEqualTo(members);
        assertThat(jdbc.sql("select count(*) from idempotency_keys where program_id = :p and position(convert_to('grace@example.com', 'UTF8') in response_body) > 0")
                .param("p", program.id()).query(Long.class).single()).isZero();
    }

    @Test
    void another_program_and_a_partner_key_can_neither_export_nor_erase_the_member() {
        TestProgram other = newProgram();

        assertThat(as(other).get("/v1/members/" + member + "/export").status()).isEqualTo(404);
        assertThat(as(other).send("DELETE", "/v1/members/" + member, null, null).status()).isEqualTo(404);
        Api partner = api().key(program.partnerKey());
        assertThat(partner.get("/v1/members/" + member + "/export").status()).isEqualTo(403);
        assertThat(partner.send("DELETE", "/v1/members/" + member, null, null).status()).isEqualTo(403);
        assertThat(api.get("/v1/members/" + UUID.randomUUID() + "/export").status()).isEqualTo(404);
        assertThat(api.get("/v1/members/" + member).json().get("email").asString()).isEqualTo("ada@example.com");
    }

    private static List<String> types(JsonNode events) {
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("type").asString()));
        return types;
    }
}
