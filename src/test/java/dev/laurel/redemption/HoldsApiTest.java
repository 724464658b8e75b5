package dev.laurel.redemption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Points held at the till, end to end over HTTP on the ACME sample: held points leave the spendable balance (and every
 * dialect's figure of it), a capture keeps some or all of them, a void or the sweep gives them back to exactly their
 * lots, and capture and void refuse a hold that is no longer pending. The ledger is verified after every scenario.
 */
class HoldsApiTest extends IntegrationTest {

    static final Instant START = Instant.parse("2030-02-01T15:00:00Z");

    private TestProgram program;
    private Api api;
    private String member;

    @BeforeEach
    void member() {
        clock.set(START, true);
        program = newProgram();
        api = as(program);
        member = api.post("/v1/members", "{\"optedIn\": true, \"email\": \"till@example.com\"}").json().get("id").asString();
        award(300);
        clock.set(START.plus(Duration.ofDays(20)), true);
        award(400);
    }

    @AfterEach
    void ledgerAgrees() {
        JsonNode check = api.get("/v1/admin/ledger/verify").json();
        assertThat(check.get("mismatches").asLong()).as(check.toString()).isZero();
    }

    private void award(long points) {
        Response r = api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 1, \"amount\": " + points
                + ", \"description\": \"test\", \"source\": \"Manual\", \"userId\": \"u1\", \"userName\": \"Tester\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private Response hold(long points, String extra) {
        return api.post("/v1/members/" + member + "/holds", "{\"definitionId\": 1, \"points\": " + points
                + ", \"reference\": \"order-1\"" + extra + "}");
    }

    private String holdId(long points) {
        Response r = hold(points, "");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private JsonNode account() {
        return api.get("/v1/members/" + member + "/point-accounts").json().get(0);
    }

    private static void refused(Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().get("code").asString()).as(r.toString()).isEqualTo(code);
    }

    private static void bucket(JsonNode bucket, String date, long points) {
        assertThat(bucket.get("expirationDate").asString()).isEqualTo(date);
        assertThat(bucket.get("points").asLong()).isEqualTo(points);
    }

    @Test
    void a_hold_takes_points_out_of_the_spendable_balance_earliest_expiring_first() {
        Response r = hold(500, "");

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode hold = r.json();
        assertThat(hold.get("status").asString()).isEqualTo("PENDING");
        assertThat(hold.get("points").asLong()).isEqualTo(500);
        assertThat(hold.get("reference").asString()).isEqualTo("order-1");
        assertThat(hold.get("memberId").asString()).isEqualTo(member);
        assertThat(hold.get("released").asLong()).isZero();
        assertThat(hold.get("captured").isNull()).isTrue();
        assertThat(Instant.parse(hold.get("expiresAt").asString())).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        bucket(hold.get("impactedBuckets").get(0), "2030-06-01", -300);
        bucket(hold.get("impactedBuckets").get(1), "2030-06-21", -200);
        assertThat(r.header("Location")).isEqualTo("/v1/holds/" + hold.get("id").asString());
        assertThat(api.get(r.header("Location")).json().get("status").asString()).isEqualTo("PENDING");

        JsonNode account = account();
        assertThat(account.get("balance").asLong()).isEqualTo(200);
        assertThat(account.get("held").asLong()).isEqualTo(500);
        assertThat(account.get("pending").asLong()).isZero();
        assertThat(account.get("expiring").size()).isEqualTo(1);
        assertThat(account.get("expiring").get(0).get("date").asString()).isEqualTo("2030-06-21");
        assertThat(account.get("expiring").get(0).get("points").asLong()).isEqualTo(200);
    }

    @Test
    void held_points_are_not_available_in_any_dialect() {
        holdId(500);

        Api sessionm = api().header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("acme:" + program.adminKey()).getBytes(StandardCharsets.UTF_8)));
        JsonNode user = sessionm.get("/priv/v1/apps/acme-app/users/search?email=till@example.com").json().get("user");
        assertThat(user.get("available_points").asLong()).isEqualTo(200);
        Response rbi = api().key(program.partnerKey()).post("/loyalty/user/" + member + "/points",
                "{\"partner\": \"Partner\", \"points\": -300, \"reference\": \"Guest needs to spend 300 points\"}");
        refused(rbi, 409, "insufficient-points");
        JsonNode entry = api.get("/v1/members/" + member + "/points-log?limit=1").json().get("items").get(0);
        assertThat(entry.get("kind").asString()).isEqualTo("HOLD");
        assertThat(entry.get("amount").asLong()).isEqualTo(-500);
        assertThat(entry.get("source").asString()).isEqualTo("Hold");
        assertThat(entry.get("reference").asString()).isEqualTo("order-1");
        refused(api.post("/v1/members/" + member + "/reversals", "{\"entryId\": \"" + entry.get("id").asString() + "\"}"), 409,
                "not-reversible");
        List<String> types = new ArrayList<>();
        api.get("/v1/members/" + member + "/timeline").json().get("items").forEach(e -> types.add(e.get("type").asString()));
        assertThat(types).contains("points_held");
    }

    @Test
    void a_partial_capture_keeps_the_captured_points_and_gives_the_rest_back_to_their_lots() {
        String id = holdId(500);

        Response r = api.post("/v1/holds/" + id + "/capture", "{\"points\": 350}");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("CLAIMED");
        assertThat(r.json().get("captured").asLong()).isEqualTo(350);
        assertThat(r.json().get("released").asLong()).isEqualTo(150);
        assertThat(r.json().get("closedAt").asString()).isEqualTo(clock.instant().toString());
        // The 500 came from the lot expiring 06-01 (300) and the one expiring 06-21 (200); the 150 go back latest-expiring first.
        bucket(r.json().get("impactedBuckets").get(0), "2030-06-21", 150);
        JsonNode account = account();
        assertThat(account.get("balance").asLong()).isEqualTo(350);
        assertThat(account.get("held").asLong()).isZero();
        assertThat(account.get("lifetimeSpent").asLong()).isEqualTo(350);
        assertThat(account.get("expiring").get(0).get("date").asString()).isEqualTo("2030-06-21");
        assertThat(account.get("expiring").get(0).get("points").asLong()).isEqualTo(350);
        JsonNode release = api.get("/v1/members/" + member + "/points-log?limit=1").json().get("items").get(0);
        assertThat(release.get("kind").asString()).isEqualTo("RELEASE");
        assertThat(release.get("amount").asLong()).isEqualTo(150);
        assertThat(release.get("id").asString()).isEqualTo(r.json().get("releaseEntryId").asString());

        refused(api.post("/v1/holds/" + id + "/capture", ""), 409, "hold-not-pending");
        Response voided = api.post("/v1/holds/" + id + "/void", "");
        refused(voided, 409, "hold-not-pending");
        assertThat(voided.json().get("detail").asString()).contains("CLAIMED");
    }

    @Test
    void capturing_all_of_a_hold_gives_nothing_back() {
        String id = holdId(500);

        Response r = api.post("/v1/holds/" + id + "/capture", "");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("captured").asLong()).isEqualTo(500);
        assertThat(r.json().get("released").asLong()).isZero();
        assertThat(r.json().get("impactedBuckets").size()).isZero();
        assertThat(r.json().get("releaseEntryId").isNull()).isTrue();
        assertThat(account().get("balance").asLong()).isEqualTo(200);
        assertThat(account().get("lifetimeSpent").asLong()).isEqualTo(500);
        assertThat(api.get("/v1/members/" + member + "/points-log?limit=1").json().get("items").get(0).get("kind").asString())
                .isEqualTo("HOLD");
    }

    @Test
    void a_void_gives_every_point_back_to_exactly_the_lots_it_came_from() {
        JsonNode before = account().get("expiring");
        String id = holdId(500);

        Response r = api.post("/v1/holds/" + id + "/void", "");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("VOID");
        assertThat(r.json().get("released").asLong()).isEqualTo(500);
        assertThat(r.json().get("expired").asBoolean()).isFalse();
        bucket(r.json().get("impactedBuckets").get(0), "2030-06-01", 300);
        bucket(r.json().get("impactedBuckets").get(1), "2030-06-21", 200);
        assertThat(account().get("expiring")).isEqualTo(before);
        assertThat(account().get("balance").asLong()).isEqualTo(700);
        assertThat(account().get("lifetimeSpent").asLong()).isZero();
        Response capture = api.post("/v1/holds/" + id + "/capture", "");
        refused(capture, 409, "hold-not-pending");
        assertThat(capture.json().get("detail").asString()).contains("VOID");
    }

    @Test
    void every_refusal_has_its_own_code_and_writes_nothing() {
        refused(hold(701, ""), 409, "insufficient-points");
        refused(api.post("/v1/members/" + member + "/holds", "{\"definitionId\": 9, \"points\": 10, \"reference\": \"r\"}"), 400,
                "unknown-definition");
        refused(api.post("/v1/members/" + member + "/holds", "{\"definitionId\": 2, \"points\": 10, \"reference\": \"r\"}"), 409,
                "not-spendable");
        refused(api.post("/v1/members/00000000-0000-0000-0000-000000000001/holds",
                "{\"definitionId\": 1, \"points\": 10, \"reference\": \"r\"}"), 404, "member-not-found");
        Response invalid = api.post("/v1/members/" + member + "/holds", "{\"definitionId\": 1, \"points\": 0, \"expiresInSeconds\": 5,"
                + " \"till\": 3}");
        refused(invalid, 400, "invalid-input");
        List<String> fields = new ArrayList<>();
        invalid.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("points", "reference", "expiresInSeconds", "till");
        refused(hold(10, ", \"expiresInSeconds\": 86401"), 400, "invalid-input");
        assertThat(account().get("balance").asLong()).isEqualTo(700);
        assertThat(account().get("held").asLong()).isZero();

        String id = holdId(100);
        refused(api.post("/v1/holds/" + id + "/capture", "{\"points\": 101}"), 409, "capture-exceeds-hold");
        refused(api.post("/v1/holds/" + id + "/capture", "{\"points\": -1}"), 400, "invalid-input");
        refused(api.post("/v1/holds/" + id + "/capture", "{\"amount\": 5}"), 400, "invalid-input");
        refused(api.post("/v1/holds/00000000-0000-0000-0000-000000000001/capture", ""), 404, "hold-not-found");
        refused(api.post("/v1/holds/00000000-0000-0000-0000-000000000001/void", ""), 404, "hold-not-found");
        refused(api.get("/v1/holds/00000000-0000-0000-0000-000000000001"), 404, "hold-not-found");
        refused(api().key(newProgram().adminKey()).post("/v1/holds/" + id + "/void", ""), 404, "hold-not-found");
        assertThat(api.get("/v1/holds/" + id).json().get("status").asString()).isEqualTo("PENDING");

        TestProgram follower = newProgram(TestProgram.POINT_FOLLOWER);
        Api followerApi = as(follower);
        String followed = followerApi.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
        refused(followerApi.post("/v1/members/" + followed + "/holds", "{\"definitionId\": 1, \"points\": 1, \"reference\": \"r\"}"),
                409, "not-spendable");
    }

    @Test
    void a_hold_not_captured_in_time_cannot_be_captured_and_the_sweep_voids_it() {
        String id = holdId(500);
        JsonNode before = api.get("/v1/holds/" + id).json();
        clock.set(clock.instant().plus(Duration.ofMinutes(15)), true);

        Response late = api.post("/v1/holds/" + id + "/capture", "");
        refused(late, 409, "hold-expired");
        assertThat(late.json().get("detail").asString()).contains(before.get("expiresAt").asString());

        JsonNode jobs = api.post("/v1/admin/jobs/run", "").json().get("sweeps");
        long voided = -1;
        for (JsonNode sweep : jobs) {
            if (sweep.get("name").asString().equals("hold-expiry")) {
                voided = sweep.get("processed").asLong();
            }
        }
        assertThat(voided).isEqualTo(1);
        JsonNode hold = api.get("/v1/holds/" + id).json();
        assertThat(hold.get("status").asString()).isEqualTo("VOID");
        assertThat(hold.get("expired").asBoolean()).isTrue();
        assertThat(account().get("balance").asLong()).isEqualTo(700);
        refused(api.post("/v1/holds/" + id + "/void", ""), 409, "hold-not-pending");
    }

    @Test
    void points_given_back_to_a_lot_that_expired_while_they_were_held_expire_at_once() {
        // The first lot (300, earned 2030-02-01) expires at the start of 2030-06-01 in New York.
        clock.set(Instant.parse("2030-06-01T03:00:00Z"), true);
        Response held = hold(500, ", \"expiresInSeconds\": 86400");
        String id = held.json().get("id").asString();
        clock.set(Instant.parse("2030-06-01T05:00:00Z"), true);
        api.post("/v1/admin/jobs/run", "");

        Response r = api.post("/v1/holds/" + id + "/void", "");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode account = account();
        assertThat(account.get("balance").asLong()).isEqualTo(400);
        assertThat(account.get("expired").asLong()).isEqualTo(300);
        List<String> kinds = new ArrayList<>();
        api.get("/v1/members/" + member + "/points-log?limit=2").json().get("items").forEach(e -> kinds.add(e.get("kind").asString()));
        assertThat(kinds).containsExactlyInAnyOrder("RELEASE", "EXPIRE");
    }

    @Test
    void a_members_holds_are_listed_newest_first_by_status_a_page_at_a_time() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clock.set(clock.instant().plus(Duration.ofSeconds(1)), true);
            ids.add(holdId(100));
        }
        api.post("/v1/holds/" + ids.get(0) + "/void", "");

        JsonNode first = api.get("/v1/members/" + member + "/holds?limit=2").json();
        JsonNode rest = api.get("/v1/members/" + member + "/holds?limit=2&cursor=" + first.get("nextCursor").asString()).json();
        JsonNode pending = api.get("/v1/members/" + member + "/holds?status=PENDING").json();

        assertThat(List.of(first.get("items").get(0).get("id").asString(), first.get("items").get(1).get("id").asString(),
                rest.get("items").get(0).get("id").asString())).isEqualTo(List.of(ids.get(2), ids.get(1), ids.get(0)));
        assertThat(rest.get("nextCursor").isNull()).isTrue();
        assertThat(pending.get("items").size()).isEqualTo(2);
        assertThat(first.get("items").get(0).has("impactedBuckets")).isFalse();
        refused(api.get("/v1/members/" + member + "/holds?status=OPEN"), 400, "invalid-input");
        refused(api.get("/v1/members/" + member + "/holds?limit=201"), 400, "invalid-input");
        refused(api.get("/v1/members/" + member + "/holds?cursor=xyz"), 400, "invalid-input");
        refused(api.get("/v1/members/00000000-0000-0000-0000-000000000001/holds"), 404, "member-not-found");
    }

    @Test
    void a_capture_sent_again_with_its_idempotency_key_answers_the_first_capture() {
        String id = holdId(500);
        Api keyed = api.header("Idempotency-Key", "capture-" + id);

        Response first = keyed.post("/v1/holds/" + id + "/capture", "{\"points\": 200}");
        Response again = keyed.post("/v1/holds/" + id + "/capture", "{\"points\": 200}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(account().get("balance").asLong()).isEqualTo(500);
    }
}
