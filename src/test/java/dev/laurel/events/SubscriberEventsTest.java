package dev.laurel.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestPointMaster;
import dev.laurel.support.TestPointMaster.Received;
import dev.laurel.support.TestProgram;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events for subscribers, end to end over HTTP: a program subscribes a receiver (a real HTTP server) to event types,
 * the receiver gets each event signed per Standard Webhooks through the outbox, and {@code GET /v1/events} lists the
 * same events for catching up.
 */
class SubscriberEventsTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Standard Webhooks' own example secret: whsec_ and 24 bytes in Base64. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration SETTLED = Duration.ofSeconds(6);
    private static final String ALL_TYPES = "[member.created, points.earned, points.spent, points.expired, points.reversed, tier.changed,"
            + " campaign.completed, voucher.issued, voucher.redeemed, voucher.cancelled, voucher.expired, hold.placed, hold.captured,"
            + " hold.voided, points.cashed_out]";

    private TestPointMaster receiver;
    private TestProgram program;
    private Api api;

    @BeforeEach
    void subscribedProgram() {
        clock.set(NOW, true);
        receiver = new TestPointMaster();
        program = subscribed(receiver, ALL_TYPES);
        api = as(program);
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    /** The ACME sample with a subscription of the receiver's {@code /webhooks/points} to {@code types}. */
    private TestProgram subscribed(TestPointMaster to, String types) {
        return newProgram(TestProgram.ACME, Map.of("RECEIVER_URL", to.url() + "/webhooks/points", "RECEIVER_SECRET", SECRET),
                yaml -> yaml + """

                        webhooks:
                          subscriptions:
                            - url: ${RECEIVER_URL}
                              secret: ${RECEIVER_SECRET}
                              events: %s
                        """.formatted(types));
    }

    @Test
    void a_subscriber_receives_each_event_signed_per_standard_webhooks_with_the_event_id_as_webhook_id() {
        String member = createMember();
        adjust(member, 100).status();

        JsonNode delivery = sweep(jobs(), "webhook-delivery");

        assertThat(delivery.get("details").get("delivered").asLong()).isEqualTo(3);
        List<Received> calls = receiver.webhooks();
        assertThat(calls).extracting(c -> JSON.readTree(c.body()).get("type").asString())
                .containsExactlyInAnyOrder("member.created", "tier.changed", "points.earned");
        for (Received call : calls) {
            JsonNode body = JSON.readTree(call.body());
            assertThat(List.copyOf(body.propertyNames())).containsExactly("id", "type", "timestamp", "programId", "data");
            assertThat(body.get("programId").asString()).isEqualTo(program.id());
            assertThat(body.get("timestamp").asString()).isEqualTo(NOW.toString());
            assertThat(body.get("data").get("memberId").asString()).isEqualTo(member);
            assertThat(call.header("webhook-id")).isEqualTo(body.get("id").asString());
            assertThat(call.header("webhook-timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
            assertThat(call.header("webhook-signature")).isEqualTo("v1," + hmac(SECRET,
                    call.header("webhook-id") + "." + call.header("webhook-timestamp") + "." + call.body()));
            assertThat(call.header("content-type")).isEqualTo("application/json");
        }
        JsonNode earned = body(calls, "points.earned").get("data");
        assertThat(earned.get("points").asLong()).isEqualTo(100);
        assertThat(earned.get("definitionId").asInt()).isEqualTo(1);
        assertThat(earned.get("source").asString()).isEqualTo("Manual");
        assertThat(earned.get("pending").asBoolean()).isFalse();
        JsonNode tier = body(calls, "tier.changed").get("data");
        assertThat(tier.get("to").asString()).isEqualTo("Base");
        assertThat(tier.get("reason").asString()).isEqualTo("OPTED_IN");
        JsonNode created = body(calls, "member.created").get("data");
        assertThat(created.get("externalId").asString()).isEqualTo("EXT-" + member.substring(0, 8));
        assertThat(created.get("optedIn").asBoolean()).isTrue();

        jobs();
        assertThat(receiver.webhooks()).as("a delivered event is not sent again").hasSize(3);
    }

    @Test
    void the_signature_matches_the_standard_webhooks_example_for_its_secret() throws Exception {
        // The specification's own vector: this secret, id, timestamp and body give this signature.
        assertThat(dev.laurel.webhooks.StandardWebhooks.sign(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat("v1," + hmac(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void an_erased_members_events_and_their_queued_deliveries_lose_the_external_id() {
        String member = createMember();
        assertThat(listAll("/v1/events?type=member.created").get(0).get("data").has("externalId")).isTrue();

        assertThat(api.send("DELETE", "/v1/members/" + member, null, null).status()).isEqualTo(200);

        JsonNode created = listAll("/v1/events?type=member.created").get(0);
        assertThat(created.get("data").get("memberId").asString()).isEqualTo(member);
        assertThat(created.get("data").has("externalId")).as("%s", created).isFalse();
        jobs();
        assertThat(receiver.webhooks()).extracting(c -> JSON.readTree(c.body()))
                .filteredOn(b -> b.get("type").asString().equals("member.created")).singleElement()
                .satisfies(b -> assertThat(b.get("data").has("externalId")).as("%s", b).isFalse());
    }

    @Test
    void spending_expiring_and_refusals_are_events_only_when_the_change_is_made() {
        String member = createMember();
        adjust(member, 100);
        assertThat(adjust(member, -30).status()).isEqualTo(201);
        assertThat(adjust(member, -500).status()).as("more than the balance: refused, nothing written").isEqualTo(409);
        List<JsonNode> events = listAll("/v1/events?limit=500");
        assertThat(events).extracting(e -> e.get("type").asString())
                .containsExactly("member.created", "tier.changed", "points.earned", "points.spent");
        assertThat(events.get(3).get("data").get("points").asLong()).isEqualTo(-30);

        clock.advance(Duration.ofDays(130)); // ACME's points expire four months after the day earned
        jobs();

        // 130 days on, the first events are past the 90 days' retention: the expiry is listed alone.
        List<JsonNode> expired = listAll("/v1/events?limit=500");
        assertThat(expired).extracting(e -> e.get("type").asString()).containsExactly("points.expired");
        assertThat(expired.get(0).get("data").get("points").asLong()).isEqualTo(-70);
        assertThat(receiver.webhooks()).extracting(c -> JSON.readTree(c.body()).get("type").asString())
                .containsExactlyInAnyOrder("member.created", "tier.changed", "points.earned", "points.spent", "points.expired");
    }

    @Test
    void a_failing_subscriber_is_retried_with_the_same_webhook_id_then_dead_lettered_and_redelivered() {
        receiver.answerWebhooks(500, 503, 200);
        program = subscribed(receiver, "[member.created]");
        api = as(program);
        String member = createMember();

        jobs();
        JsonNode failing = onlyDelivery();
        assertThat(failing.get("status").asString()).isEqualTo("QUEUED");
        assertThat(failing.get("target").asString()).isEqualTo("SUBSCRIPTION");
        assertThat(failing.get("url").asString()).isEqualTo(receiver.url() + "/webhooks/points");
        assertThat(failing.get("attempts").asInt()).isEqualTo(1);
        assertThat(failing.get("lastStatus").asInt()).isEqualTo(500);
        assertThat(failing.get("lastError").asString()).startsWith("the subscriber answered 500");
        assertThat(failing.get("nextAttemptAt").asString()).isEqualTo(NOW.plusSeconds(30).toString());

        clock.advance(Duration.ofSeconds(30));
        jobs();
        clock.advance(Duration.ofMinutes(2));
        jobs();

        assertThat(onlyDelivery().get("status").asString()).isEqualTo("DELIVERED");
        assertThat(receiver.webhooks()).hasSize(3);
        assertThat(receiver.webhooks()).extracting(c -> c.header("webhook-id")).containsOnly(receiver.webhooks().get(0).header("webhook-id"));
        assertThat(JSON.readTree(receiver.webhooks().get(2).body()).get("data").get("memberId").asString()).isEqualTo(member);

        receiver.answerWebhooks(500);
        createMember();
        for (Duration wait : List.of(Duration.ZERO, Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10),
                Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24))) {
            clock.advance(wait);
            jobs();
        }
        JsonNode dead = api.get("/v1/webhooks/deliveries?status=DEAD").json().get("items");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).get("attempts").asInt()).isEqualTo(7);

        receiver.answerWebhooks(200);
        Response redelivered = api.post("/v1/webhooks/deliveries/" + dead.get(0).get("id").asString() + "/redeliver", "");
        assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(200);
        jobs();
        assertThat(api.get("/v1/webhooks/deliveries/" + dead.get(0).get("id").asString()).json().get("status").asString())
                .isEqualTo("DELIVERED");
    }

    @Test
    void an_event_of_a_type_the_program_stopped_sending_there_is_dead_with_the_reason() {
        program = subscribed(receiver, "[member.created]");
        api = as(program);
        createMember();
        program.apply(programs, Map.of("RECEIVER_URL", receiver.url() + "/elsewhere", "RECEIVER_SECRET", SECRET));

        jobs();

        JsonNode dead = onlyDelivery();
        assertThat(dead.get("status").asString()).isEqualTo("DEAD");
        assertThat(dead.get("lastError").asString()).contains("no longer subscribes");
        assertThat(receiver.webhooks()).isEmpty();
    }

    @Test
    void the_events_listing_catches_up_oldest_first_by_cursor_and_type_once_events_settle() {
        String first = createMember();
        String second = createMember();
        adjust(first, 10);

        assertThat(api.get("/v1/events").json().get("items")).as("recorded this instant: not listed yet").isEmpty();
        clock.advance(SETTLED);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 10; page++) {
            Response r = api.get("/v1/events?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            r.json().get("items").forEach(e -> seen.add(e.get("type").asString() + " " + e.get("data").get("memberId").asString()));
            cursor = r.json().get("nextCursor").asString();
            if (!r.json().get("hasMore").asBoolean()) {
                break;
            }
        }
        assertThat(seen).containsExactly("member.created " + first, "tier.changed " + first, "member.created " + second,
                "tier.changed " + second, "points.earned " + first);

        Response caughtUp = api.get("/v1/events?cursor=" + cursor);
        assertThat(caughtUp.json().get("items")).isEmpty();
        assertThat(caughtUp.json().get("nextCursor").asString()).as("kept, to ask again later").isEqualTo(cursor);
        adjust(second, 5);
        clock.advance(SETTLED);
        JsonNode later = api.get("/v1/events?cursor=" + cursor).json().get("items");
        assertThat(later).hasSize(1);
        assertThat(later.get(0).get("type").asString()).isEqualTo("points.earned");
        assertThat(later.get(0).get("data").get("memberId").asString()).isEqualTo(second);

        JsonNode created = api.get("/v1/events?type=member.created").json().get("items");
        assertThat(created).extracting(e -> e.get("data").get("memberId").asString()).containsExactly(first, second);

        jobs();
        List<String> listedBodies = new ArrayList<>();
        api.get("/v1/events?limit=500").json().get("items").forEach(e -> listedBodies.add(JSON.writeValueAsString(e)));
        assertThat(receiver.webhooks()).extracting(c -> JSON.writeValueAsString(JSON.readTree(c.body())))
                .as("the listing shows what was delivered").containsExactlyInAnyOrderElementsOf(listedBodies);
    }

    @Test
    void bad_listing_parameters_are_400_problems_naming_each() {
        Response r = api.get("/v1/events?type=points.stolen&limit=0&cursor=nonsense");

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("errors")).extracting(e -> e.get("field").asString()).containsExactlyInAnyOrder("type", "limit", "cursor");
        assertThat(api.get("/v1/events?limit=501").status()).isEqualTo(400);
        assertThat(api.get("/v1/events?limit=ten").status()).isEqualTo(400);
        assertThat(api().get("/v1/events").status()).isEqualTo(401);
    }

    @Test
    void another_program_never_sees_these_events_and_a_program_without_subscriptions_records_none() {
        String member = createMember();
        TestProgram other = newProgram();
        Api otherApi = as(other);
        otherApi.post("/v1/members", "{\"optedIn\": true}");
        clock.advance(SETTLED);

        assertThat(api.get("/v1/events").json().get("items")).hasSize(2);
        assertThat(otherApi.get("/v1/events").json().get("items")).isEmpty();
        assertThat(otherApi.get("/v1/events?type=member.created").json().get("items")).isEmpty();
        assertThat(otherApi.get("/v1/webhooks/deliveries").json().get("items")).isEmpty();
        otherApi.post("/v1/admin/jobs/run", "");
        assertThat(receiver.webhooks()).as("the other program's sweep sends nothing of this one's").isEmpty();
        String cursor = api.get("/v1/events?limit=1").json().get("nextCursor").asString();
        assertThat(otherApi.get("/v1/events?cursor=" + cursor).json().get("items")).isEmpty();
        assertThat(member).isNotNull();
    }

    @Test
    void a_subscription_takes_only_its_types_and_its_secret_is_never_answered_but_kept_when_left_out() {
        program = subscribed(receiver, "[points.earned]");
        api = as(program);
        String member = createMember();
        adjust(member, 7);
        clock.advance(SETTLED);
        assertThat(api.get("/v1/events").json().get("items")).extracting(e -> e.get("type").asString()).containsExactly("points.earned");

        Response document = api.get("/v1/programs/" + program.id());
        assertThat(document.body()).doesNotContain(SECRET).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        JsonNode subscription = document.json().get("webhooks").get("subscriptions").get(0);
        assertThat(subscription.has("secret")).isFalse();
        assertThat(subscription.get("url").asString()).isEqualTo(receiver.url() + "/webhooks/points");

        Response again = api.put("/v1/programs/" + program.id(), document.body());
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("changed").asBoolean()).as(again.toString()).isFalse();
        jobs();
        Received call = receiver.webhooks().get(0);
        assertThat(call.header("webhook-signature")).isEqualTo("v1," + hmac(SECRET,
                call.header("webhook-id") + "." + call.header("webhook-timestamp") + "." + call.body()));
    }

    @Test
    void redemption_events_reach_the_subscriber() {
        String member = createMember();
        adjust(member, 1000);
        Response hold = api.post("/v1/members/" + member + "/holds", "{\"definitionId\": 1, \"points\": 200, \"reference\": \"till-1\"}");
        assertThat(hold.status()).as(hold.toString()).isEqualTo(201);
        Response captured = api.post("/v1/holds/" + hold.json().get("id").asString() + "/capture", "{\"points\": 150}");
        assertThat(captured.status()).as(captured.toString()).isEqualTo(200);
        clock.advance(SETTLED);

        List<JsonNode> events = listAll("/v1/events?limit=500");
        assertThat(events).extracting(e -> e.get("type").asString()).contains("hold.placed", "hold.captured");
        JsonNode capture = events.stream().filter(e -> e.get("type").asString().equals("hold.captured")).findFirst().orElseThrow();
        assertThat(capture.get("data").get("captured").asLong()).isEqualTo(150);
        assertThat(capture.get("data").get("released").asLong()).isEqualTo(50);
        assertThat(capture.get("data").get("status").asString()).isEqualTo("CLAIMED");
    }

    @Test
    void events_and_delivered_webhooks_are_forgotten_after_the_retention_but_undelivered_ones_are_kept() {
        String member = createMember();
        adjust(member, 100);
        assertThat(sweep(jobs(), "webhook-delivery").get("details").get("delivered").asLong()).isEqualTo(3);
        receiver.answerWebhooks(500);
        adjust(member, 50);
        assertThat(sweep(jobs(), "webhook-delivery").get("details").get("failed").asLong()).isEqualTo(1);

        clock.advance(Duration.ofDays(89));
        assertThat(sweep(jobs(), "events-retention").get("processed").asLong()).as("inside the 90 days").isZero();
        assertThat(listAll("/v1/events?limit=500")).hasSize(4);

        clock.advance(Duration.ofDays(2));
        JsonNode retention = sweep(jobs(), "events-retention");

        assertThat(retention.get("details").get("events").asLong()).isEqualTo(4);
        assertThat(retention.get("details").get("deliveries").asLong()).isEqualTo(3);
        assertThat(listAll("/v1/events?limit=500")).isEmpty();
        JsonNode kept = onlyDelivery();
        assertThat(kept.get("eventType").asString()).as("%s", kept).isEqualTo("points.earned");
        assertThat(kept.get("status").asString()).as("%s", kept).isNotEqualTo("DELIVERED");

        adjust(member, 10);
        assertThat(listAll("/v1/events?type=points.earned")).as("a new event is listed as before").hasSize(1);
    }

    private String createMember() {
        String id = java.util.UUID.randomUUID().toString();
        Response r = api.post("/v1/members", "{\"id\": \"" + id + "\", \"externalId\": \"EXT-" + id.substring(0, 8) + "\", \"optedIn\": true}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return id;
    }

    private Response adjust(String member, long points) {
        return api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 1, \"amount\": " + points
                + ", \"description\": \"test\", \"source\": \"Manual\", \"userId\": \"u1\", \"userName\": \"Tess\"}");
    }

    private JsonNode jobs() {
        Response r = api.post("/v1/admin/jobs/run", "");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode sweep(JsonNode jobs, String name) {
        for (JsonNode s : jobs.get("sweeps")) {
            if (s.get("name").asString().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no sweep " + name + " in " + jobs);
    }

    private JsonNode onlyDelivery() {
        JsonNode items = api.get("/v1/webhooks/deliveries").json().get("items");
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private List<JsonNode> listAll(String path) {
        clock.advance(SETTLED);
        List<JsonNode> all = new ArrayList<>();
        api.get(path).json().get("items").forEach(all::add);
        return all;
    }

    private static JsonNode body(List<Received> calls, String type) {
        return calls.stream().map(c -> JSON.readTree(c.body())).filter(b -> b.get("type").asString().equals(type)).findFirst().orElseThrow();
    }

    private static String hmac(String secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
