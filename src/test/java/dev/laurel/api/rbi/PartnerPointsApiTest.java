package dev.laurel.api.rbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.Prerequisites;
import dev.laurel.support.TestProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** rbi-update-points-balance.txt, replayed over HTTP against the ACME sample program. */
class PartnerPointsApiTest extends IntegrationTest {

    // The seed's examples, verbatim (checked against the seed file below).
    static final String AWARD_REQUEST = """
            {
                "partner": "Partner",
                "points": 100,
                "reference": "Gamification Campaign Prize #3"
            }""";
    static final String DEDUCT_REQUEST = """
            {
                "partner": "Partner",
                "points": -100,
                "reference": "Guest needs to spend 100 points to participate of the Brame game"
            }""";
    static final String AWARD_RESPONSE = """
            {
                "id": "45601bf3-6d2a-4318-8842-affc38f563ba",
                "shortId": "EZMHC05S5AYMO2G9",
                "loyaltyId": "6d13456a-1304-5109-a117-af4de20b2487",
                "channel": "CAMPAIGN",
                "status": "CLAIMED",
                "createdAt": "2024-02-28T02:14:05.453Z",
                "impactedExpirationBuckets": [
                    {
                        "expirationDate": "2024-06-28",
                        "points": 100
                    }
                ],
                "claimedAt": "2024-02-28T02:14:05.453Z",
                "pointsEarned": 100,
                "bonusPointsEarned": 0,
                "pointsUsed": 0,
                "transactionDetails": {
                    "fulfillment": {
                        "autoRelease": true,
                        "type": "POINT_ASSIGNMENT"
                    },
                    "orders": [],
                    "payments": []
                },
                "metadata": {
                    "partner": "Partner",
                    "reference": "Gamification Campaign Prize #3"
                },
                "pointsDeducted": 0
            }""";
    static final String DEDUCT_RESPONSE = """
            {
                "id": "1ae098e0-dc41-42cc-a4ea-b75b44148381",
                "shortId": "GM2CKQ2QRUAPP90K",
                "loyaltyId": "6d13456a-1304-5109-a117-af4de20b2487",
                "channel": "CAMPAIGN",
                "status": "CLAIMED",
                "createdAt": "2024-02-28T02:15:27.784Z",
                "impactedExpirationBuckets": [
                    {
                        "expirationDate": "2024-06-28",
                        "points": -100
                    }
                ],
                "claimedAt": "2024-02-28T02:15:27.784Z",
                "pointsEarned": 0,
                "bonusPointsEarned": 0,
                "pointsUsed": 0,
                "transactionDetails": {
                    "fulfillment": {
                        "autoRelease": true,
                        "type": "POINT_ASSIGNMENT"
                    },
                    "orders": [],
                    "payments": []
                },
                "metadata": {
                    "partner": "Partner",
                    "reference": "Reason why points were deducted"
                },
                "pointsDeducted": 100
            }""";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A time that is 28 February both in UTC and in ACME's New York, so the seed's dates hold in the program's zone. */
    private static final Instant EARNED = Instant.parse("2024-02-28T14:14:05.453Z");

    private TestProgram program;
    private Api api;
    private String member;

    @BeforeEach
    void member() {
        program = newProgram();
        api = as(program);
        clock.set(EARNED, true);
        member = api.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
    }

    @AfterEach
    void ledgerAgrees() {
        assertThat(api.get("/v1/admin/ledger/verify").json().get("mismatches").asLong()).isZero();
    }

    private Response points(Api caller, String memberId, String body) {
        return caller.post("/loyalty/user/" + memberId + "/points", body);
    }

    @Test
    void the_examples_here_are_the_seeds_verbatim() throws Exception {
        Path seed = Prerequisites.shared("seeds/rbi-update-points-balance.txt");
        String text = squash(Files.readString(seed));

        for (String example : List.of(AWARD_REQUEST, DEDUCT_REQUEST, AWARD_RESPONSE, DEDUCT_RESPONSE)) {
            assertThat(text).contains(squash(example));
        }
    }

    @Test
    void the_award_example_is_answered_field_for_field_as_the_seed_shows() {
        Response r = points(api().key(program.partnerKey()), member, AWARD_REQUEST);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertSameAsSeed(r.json(), AWARD_RESPONSE);
        assertThat(r.json().get("createdAt").asString()).isEqualTo("2024-02-28T14:14:05.453Z");
        assertThat(r.json().get("claimedAt").asString()).isEqualTo("2024-02-28T14:14:05.453Z");
        assertThat(balance()).isEqualTo(100);
    }

    @Test
    void the_deduction_example_is_answered_field_for_field_as_the_seed_shows() {
        points(api, member, AWARD_REQUEST);
        clock.advance(Duration.ofSeconds(82));

        Response asSent = points(api, member, DEDUCT_REQUEST);
        assertThat(asSent.status()).as(asSent.toString()).isEqualTo(200);
        ObjectNode expected = (ObjectNode) JSON.readTree(DEDUCT_RESPONSE);
        // The seed's answer carries another reference than its request: the answer echoes what was sent.
        expected.withObject("metadata").put("reference", "Guest needs to spend 100 points to participate of the Brame game");
        assertSameAsSeed(asSent.json(), expected.toString());
        assertThat(asSent.json().get("createdAt").asString()).isEqualTo("2024-02-28T14:15:27.453Z");

        points(api, member, AWARD_REQUEST);
        Response withSeedsReference = points(api, member, DEDUCT_REQUEST.replace(
                "Guest needs to spend 100 points to participate of the Brame game", "Reason why points were deducted"));
        assertSameAsSeed(withSeedsReference.json(), DEDUCT_RESPONSE);
        assertThat(balance()).isZero();
    }

    @Test
    void each_answer_has_a_new_transaction_id_and_a_readable_short_id() {
        JsonNode first = points(api, member, AWARD_REQUEST).json();
        JsonNode second = points(api, member, AWARD_REQUEST).json();

        assertThat(UUID.fromString(first.get("id").asString())).isNotEqualTo(UUID.fromString(second.get("id").asString()));
        assertThat(first.get("shortId").asString()).matches("[A-Z0-9]{16}").isNotEqualTo(second.get("shortId").asString());
        assertThat(first.get("loyaltyId").asString()).isEqualTo(member);
    }

    @Test
    void the_points_log_records_source_partner_and_reference() {
        points(api, member, AWARD_REQUEST.replace("\"Partner\"", "\"Brame\""));

        JsonNode entry = api.get("/v1/members/" + member + "/points-log").json().get("items").get(0);

        assertThat(entry.get("source").asString()).isEqualTo("Partner");
        assertThat(entry.get("partner").asString()).isEqualTo("Brame");
        assertThat(entry.get("reference").asString()).isEqualTo("Gamification Campaign Prize #3");
        assertThat(entry.get("definitionId").asInt()).isEqualTo(1);
        assertThat(entry.get("expiresAt").asString()).isEqualTo("2024-06-28T04:00:00Z");
    }

    @Test
    void a_deduction_spanning_two_buckets_lists_both_earliest_first() {
        points(api, member, AWARD_REQUEST);
        clock.advance(Duration.ofDays(31));
        points(api, member, AWARD_REQUEST);

        Response r = points(api, member, "{\"partner\": \"Brame\", \"points\": -150, \"reference\": \"Brame game entry\"}");

        JsonNode buckets = r.json().get("impactedExpirationBuckets");
        assertThat(buckets).hasSize(2);
        assertThat(buckets.get(0).get("expirationDate").asString()).isEqualTo("2024-06-28");
        assertThat(buckets.get(0).get("points").asLong()).isEqualTo(-100);
        assertThat(buckets.get(1).get("expirationDate").asString()).isEqualTo("2024-07-30");
        assertThat(buckets.get(1).get("points").asLong()).isEqualTo(-50);
        assertThat(r.json().get("pointsDeducted").asLong()).isEqualTo(150);
        assertThat(balance()).isEqualTo(50);
    }

    @Test
    void the_expiry_date_is_the_day_earned_in_the_programs_zone() {
        clock.set(Instant.parse("2024-02-28T02:14:05.453Z"), true); // 27 February, 21:14 in New York

        Response r = points(api, member, AWARD_REQUEST);

        assertThat(r.json().get("impactedExpirationBuckets").get(0).get("expirationDate").asString()).isEqualTo("2024-06-27");
    }

    @Test
    void a_hundred_concurrent_awards_on_one_member_all_land() throws Exception {
        Api partner = api().key(program.partnerKey());
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            answers.add(pool.submit(() -> points(partner, member,
                    "{\"partner\": \"Brame\", \"points\": 7, \"reference\": \"prize " + n + "\"}")));
        }
        pool.shutdown();
        Set<String> shortIds = new HashSet<>();
        for (Future<Response> answer : answers) {
            Response r = answer.get();
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            shortIds.add(r.json().get("shortId").asString());
        }

        assertThat(shortIds).hasSize(100);
        assertThat(balance()).isEqualTo(700);
        assertThat(api.get("/v1/members/" + member + "/points-log?limit=500").json().get("items")).hasSize(100);
    }

    @Test
    void a_deduction_larger_than_the_balance_is_refused_and_changes_nothing() {
        points(api, member, AWARD_REQUEST);

        Response r = points(api, member, "{\"partner\": \"Partner\", \"points\": -101, \"reference\": \"too much\"}");

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).isEqualTo("insufficient-points");
        assertThat(balance()).isEqualTo(100);
        assertThat(api.get("/v1/members/" + member + "/points-log").json().get("items")).hasSize(1);
    }

    @Test
    void bad_input_is_400_naming_the_field() {
        assertThat(field(points(api, member, "{\"partner\": \"Nobody\", \"points\": 100, \"reference\": \"r\"}"))).isEqualTo("partner");
        assertThat(field(points(api, member, "{\"points\": 100, \"reference\": \"r\"}"))).isEqualTo("partner");
        assertThat(field(points(api, member, "{\"partner\": \"Partner\", \"reference\": \"r\"}"))).isEqualTo("points");
        assertThat(field(points(api, member, "{\"partner\": \"Partner\", \"points\": 0, \"reference\": \"r\"}"))).isEqualTo("points");
        assertThat(field(points(api, member, "{\"partner\": \"Partner\", \"points\": 10.5, \"reference\": \"r\"}"))).isEqualTo("points");
        assertThat(field(points(api, member, "{\"partner\": \"Partner\", \"points\": \"100\", \"reference\": \"r\"}"))).isEqualTo("points");
        assertThat(field(points(api, member, "{\"partner\": \"Partner\", \"points\": 100}"))).isEqualTo("reference");
        assertThat(field(points(api, member, "{\"partner\": \"Partner\", \"points\": 100, \"reference\": \"  \"}"))).isEqualTo("reference");
        assertThat(points(api, member, "{\"partner\": \"Partner\", ").status()).isEqualTo(400);
        assertThat(balance()).isZero();
    }

    @Test
    void an_unknown_member_or_another_programs_member_is_404() {
        assertThat(points(api, UUID.randomUUID().toString(), AWARD_REQUEST).status()).isEqualTo(404);
        assertThat(points(api, "not-a-member-id", AWARD_REQUEST).status()).isEqualTo(404);
        TestProgram other = newProgram();

        Response r = points(api().key(other.partnerKey()), member, AWARD_REQUEST);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("code").asString()).isEqualTo("member-not-found");
        assertThat(balance()).isZero();
    }

    @Test
    void an_idempotency_key_replay_returns_the_first_answer() {
        Api keyed = api().key(program.partnerKey()).header("Idempotency-Key", "brame-game-42");

        Response first = points(keyed, member, AWARD_REQUEST);
        Response replay = points(keyed, member, AWARD_REQUEST);

        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(balance()).isEqualTo(100);
    }

    @Test
    void the_openapi_document_shows_the_seeds_examples() {
        JsonNode operation = api().get("/v3/api-docs").json().get("paths").get("/loyalty/user/{loyaltyUserId}/points").get("post");

        assertThat(operation.toString()).contains("Gamification Campaign Prize #3", "EZMHC05S5AYMO2G9", "GM2CKQ2QRUAPP90K",
                "Guest needs to spend 100 points to participate of the Brame game");
    }

    private long balance() {
        return api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong();
    }

    /** Compares every field of the seed's answer except the ids and times, which are this run's own. */
    private static void assertSameAsSeed(JsonNode actual, String seedJson) {
        ObjectNode expected = (ObjectNode) JSON.readTree(seedJson);
        ObjectNode got = (ObjectNode) actual.deepCopy();
        for (String ours : List.of("id", "shortId", "loyaltyId", "createdAt", "claimedAt")) {
            assertThat(got.has(ours)).as("answer has " + ours).isTrue();
            expected.remove(ours);
            got.remove(ours);
        }
        assertThat(got.propertyNames()).containsExactlyElementsOf(expected.propertyNames());
        assertThat(got).isEqualTo(expected);
    }

    private static String squash(String text) {
        return text.replaceAll("\\s+", "");
    }

    private static String field(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        return r.json().get("errors").get(0).get("field").asString();
    }
}
