package dev.laurel.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** sessionm-display-loyalty-information.txt's coffee journey with ACME's five-coffees campaign, the clock moved. */
class CoffeeJourneyTest extends IntegrationTest {

    static final Instant DECEMBER = Instant.parse("2026-12-02T15:00:00Z");

    private TestProgram program;
    private Api api;
    private String member;

    @BeforeEach
    void member() {
        program = newProgram(TestProgram.ACME, Map.of(), yaml -> yaml + """
                  - id: double-points
                    name: Double points weekend
                    startsAt: 2026-12-05T00:00:00-05:00
                    endsAt: 2026-12-07T00:00:00-05:00
                    enrollment: AUTOMATIC
                    goal: {eventType: purchased, sumAttribute: amount, target: 1000}
                    reward: {multiplier: 2}
                  - id: vip-only
                    name: VIP only
                    startsAt: 2026-12-01T00:00:00-05:00
                    endsAt: 2027-01-01T00:00:00-05:00
                    enrollment: OPT_IN
                    eligibility: {minTierRank: 3}
                    goal: {eventType: purchased, count: 1}
                    reward: {points: 10, pointDefinition: 1}
                """);
        api = as(program);
        clock.set(DECEMBER, true);
        member = api.post("/v1/members", "{\"optedIn\": true, \"email\": \"coffee@example.com\"}").json().get("id").asString();
    }

    @AfterEach
    void ledgerAgrees() {
        assertThat(api.get("/v1/admin/ledger/verify").json().get("mismatches").asLong()).isZero();
    }

    private JsonNode progress() {
        return api.get("/v1/members/" + member + "/campaigns/five-coffees/progress").json();
    }

    private void coffee(String orderId) {
        Response r = api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"" + orderId
                + "\", \"amount\": \"4.50\", \"currency\": \"USD\", \"occurredAt\": \"" + clock.instant() + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private long spendable() {
        return api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong();
    }

    @Test
    void five_coffees_after_opting_in_earn_500_points_once() {
        List<String> active = new ArrayList<>();
        api.get("/v1/members/" + member + "/campaigns").json().forEach(c -> active.add(c.get("id").asString()));
        assertThat(active).contains("five-coffees").doesNotContain("vip-only", "double-points");
        assertThat(progress().get("status").asString()).isEqualTo("ELIGIBLE");
        coffee("before-opt-in");
        clock.advance(Duration.ofMinutes(1));

        JsonNode enrolled = api.post("/v1/members/" + member + "/campaigns/five-coffees/enrollment", "").json();
        assertThat(enrolled.get("status").asString()).isEqualTo("ENROLLED");
        assertThat(enrolled.get("progress").asInt()).isZero();
        assertThat(enrolled.get("target").asInt()).isEqualTo(5);

        for (int i = 1; i <= 5; i++) {
            clock.advance(Duration.ofHours(1));
            coffee("coffee-" + i);
            assertThat(progress().get("progress").asInt()).isEqualTo(i);
        }
        JsonNode done = progress();
        assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("reward").get("points").asLong()).isEqualTo(500);
        assertThat(spendable()).isEqualTo(500); // purchase points wait 30 days in escrow; the reward does not

        clock.advance(Duration.ofHours(1));
        coffee("coffee-6");
        assertThat(spendable()).isEqualTo(500);
        JsonNode rewards = api.get("/v1/members/" + member + "/points-log?definitionId=1&limit=500").json().get("items");
        long campaignEntries = 0;
        for (JsonNode e : rewards) {
            if (e.get("source").asString().equals("Campaign")) {
                campaignEntries++;
            }
        }
        assertThat(campaignEntries).isEqualTo(1);
        List<String> types = new ArrayList<>();
        api.get("/v1/members/" + member + "/timeline?limit=1000").json().get("items").forEach(e -> types.add(e.get("type").asString()));
        assertThat(types).contains("campaign_joined", "campaign_completed", "purchased", "points_earned");
    }

    @Test
    void the_same_event_sent_twice_counts_once() {
        api.post("/v1/members/" + member + "/campaigns/five-coffees/enrollment", "");
        clock.advance(Duration.ofMinutes(1));
        String event = "{\"type\": \"purchased\", \"occurredAt\": \"" + clock.instant() + "\", \"eventId\": \"pos-4711\", \"attributes\": {\"sku\": \"LATTE\"}}";

        Response first = api.post("/v1/members/" + member + "/events", event);
        Response again = api.post("/v1/members/" + member + "/events", event);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(progress().get("progress").asInt()).isEqualTo(1);
    }

    @Test
    void many_events_at_once_complete_the_campaign_exactly_once() throws Exception {
        api.post("/v1/members/" + member + "/campaigns/five-coffees/enrollment", "");
        clock.advance(Duration.ofMinutes(1));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Response>> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String event = "{\"type\": \"purchased\", \"occurredAt\": \"" + clock.instant() + "\", \"eventId\": \"e-" + i + "\"}";
            sent.add(pool.submit(() -> api.post("/v1/members/" + member + "/events", event)));
        }
        pool.shutdown();
        for (Future<Response> r : sent) {
            assertThat(r.get().status()).isEqualTo(201);
        }

        assertThat(progress().get("status").asString()).isEqualTo("COMPLETED");
        assertThat(spendable()).isEqualTo(500);
    }

    @Test
    void a_multiplier_campaign_doubles_purchase_points_inside_its_window_only() {
        clock.set(Instant.parse("2026-12-05T15:00:00Z"), true);
        JsonNode doubled = api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"W-1\", \"amount\": \"40.00\","
                + " \"currency\": \"USD\", \"occurredAt\": \"" + clock.instant() + "\"}").json();
        clock.set(Instant.parse("2026-12-08T15:00:00Z"), true);
        JsonNode plain = api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"W-2\", \"amount\": \"40.00\","
                + " \"currency\": \"USD\", \"occurredAt\": \"" + clock.instant() + "\"}").json();

        assertThat(doubled.get("bonusPointsEarned").asLong()).isEqualTo(40);
        assertThat(doubled.get("earned").get(0).get("bonusPoints").asLong()).isEqualTo(40);
        assertThat(plain.get("bonusPointsEarned").asLong()).isZero();
        assertThat(api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("pending").asLong()).isEqualTo(120);
        // A full return takes the bonus back too.
        api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"W-1\", \"amount\": \"40.00\"}");
        assertThat(api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("pending").asLong()).isEqualTo(40);
    }

    @Test
    void enrollment_is_refused_outside_the_window_and_for_members_who_are_not_eligible() {
        clock.set(Instant.parse("2026-11-30T12:00:00Z"), true);
        Response early = api.post("/v1/members/" + member + "/campaigns/five-coffees/enrollment", "");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("code").asString()).isEqualTo("campaign-not-active");

        clock.set(Instant.parse("2027-01-02T12:00:00Z"), true);
        assertThat(api.post("/v1/members/" + member + "/campaigns/five-coffees/enrollment", "").json().get("code").asString())
                .isEqualTo("campaign-not-active");
        assertThat(progress().get("status").asString()).isEqualTo("EXPIRED");

        clock.set(DECEMBER, true);
        Response vip = api.post("/v1/members/" + member + "/campaigns/vip-only/enrollment", "");
        assertThat(vip.status()).isEqualTo(409);
        assertThat(vip.json().get("code").asString()).isEqualTo("not-eligible");
        String outsider = api.post("/v1/members", "{\"optedIn\": false}").json().get("id").asString();
        assertThat(api.post("/v1/members/" + outsider + "/campaigns/five-coffees/enrollment", "").json().get("code").asString())
                .isEqualTo("not-eligible");
        assertThat(api.get("/v1/members/" + outsider + "/campaigns/five-coffees/progress").json().get("status").asString())
                .isEqualTo("NOT_ELIGIBLE");
        assertThat(api.post("/v1/members/" + member + "/campaigns/no-such/enrollment", "").status()).isEqualTo(404);
    }

    @Test
    void a_campaigns_detail_is_its_window_goal_and_reward_and_other_programs_cannot_see_the_member() {
        JsonNode detail = api.get("/v1/campaigns/five-coffees").json();

        assertThat(detail.get("name").asString()).isEqualTo("Five coffees in December");
        assertThat(detail.get("enrollment").asString()).isEqualTo("OPT_IN");
        assertThat(detail.get("goal").get("count").asInt()).isEqualTo(5);
        assertThat(detail.get("reward").get("points").asLong()).isEqualTo(500);
        assertThat(api.get("/v1/campaigns/nothing").status()).isEqualTo(404);
        Api other = as(newProgram());
        assertThat(other.get("/v1/members/" + member + "/campaigns").status()).isEqualTo(404);
        assertThat(other.post("/v1/members/" + member + "/campaigns/five-coffees/enrollment", "").status()).isEqualTo(404);
    }
}
