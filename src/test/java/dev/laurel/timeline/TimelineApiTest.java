package dev.laurel.timeline;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The member timeline: events in, views out, cursor paging, bad input, isolation. */
class TimelineApiTest extends IntegrationTest {

    private Api api;
    private String member;

    @BeforeEach
    void member() {
        TestProgram program = newProgram(TestProgram.ACME, Map.of(), yaml -> yaml + """
                timelineViews:
                  - name: purchases
                    eventTypes: [purchased]
                    fields: [orderId, amount]
                  - name: recent-engagement
                    eventTypes: [opened_email, clicked]
                    window: P30D
                """);
        api = as(program);
        clock.set(Instant.parse("2026-06-01T12:00:00Z"), true);
        // Not opted in: no tier event of its own, so the timeline holds only what each test makes.
        member = api.post("/v1/members", "{\"optedIn\": false}").json().get("id").asString();
    }

    private Response event(String type, Instant at, String attributes) {
        return api.post("/v1/members/" + member + "/events",
                "{\"type\": \"" + type + "\", \"occurredAt\": \"" + at + "\", \"attributes\": " + attributes + "}");
    }

    private List<String> types(String query) {
        List<String> types = new ArrayList<>();
        api.get("/v1/members/" + member + "/timeline" + query).json().get("items").forEach(e -> types.add(e.get("type").asString()));
        return types;
    }

    @Test
    void a_view_shows_its_event_types_with_its_fields_newest_first() {
        Instant now = clock.instant();
        event("purchased", now.minus(Duration.ofDays(2)), "{\"orderId\": \"A\", \"amount\": 12.5, \"cashier\": \"Eve\"}");
        event("opened_email", now.minus(Duration.ofDays(1)), "{\"campaign\": \"spring\"}");
        event("purchased", now, "{\"orderId\": \"B\", \"amount\": 3}");

        JsonNode purchases = api.get("/v1/members/" + member + "/timeline?view=purchases").json().get("items");

        assertThat(purchases).hasSize(2);
        assertThat(purchases.get(0).get("attributes").get("orderId").asString()).isEqualTo("B");
        assertThat(purchases.get(1).get("attributes").get("orderId").asString()).isEqualTo("A");
        assertThat(purchases.get(1).get("attributes").has("cashier")).isFalse();
        assertThat(types("")).containsExactly("purchased", "opened_email", "purchased");
    }

    @Test
    void a_views_window_leaves_out_older_events() {
        Instant now = clock.instant();
        event("opened_email", now.minus(Duration.ofDays(45)), "{}");
        event("clicked", now.minus(Duration.ofDays(3)), "{}");

        assertThat(types("?view=recent-engagement")).containsExactly("clicked");
    }

    @Test
    void the_timeline_pages_with_a_cursor() {
        for (int i = 0; i < 7; i++) {
            event("clicked", clock.instant().minus(Duration.ofMinutes(i)), "{\"n\": " + i + "}");
        }
        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/v1/members/" + member + "/timeline?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(e -> seen.add(e.get("attributes").get("n").asInt()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void laurel_records_its_own_point_events() {
        clock.advance(Duration.ofMinutes(1));
        api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 1, \"amount\": 40, \"description\": \"welcome\","
                + " \"source\": \"Manual\", \"userId\": \"u\", \"userName\": \"n\"}");
        clock.advance(Duration.ofMinutes(1));
        api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 1, \"amount\": -15, \"description\": \"spend\","
                + " \"source\": \"Manual\", \"userId\": \"u\", \"userName\": \"n\"}");
        clock.set(Instant.parse("2026-10-02T12:00:00Z"), true);
        api.post("/v1/admin/jobs/run", "");

        List<String> types = types("?limit=10");
        assertThat(types).containsExactly("points_expired", "points_spent", "points_earned");
        JsonNode earned = api.get("/v1/members/" + member + "/timeline?limit=10").json().get("items").get(2);
        assertThat(earned.get("origin").asString()).isEqualTo("LAUREL");
        assertThat(earned.get("attributes").get("points").asLong()).isEqualTo(40);
    }

    @Test
    void bad_input_is_400_naming_the_field_and_other_programs_see_nothing() {
        assertThat(field(event("has spaces", clock.instant(), "{}"))).isEqualTo("type");
        assertThat(field(api.post("/v1/members/" + member + "/events", "{\"type\": \"x\"}"))).isEqualTo("occurredAt");
        assertThat(field(event("x", clock.instant(), "[1]"))).isEqualTo("attributes");
        assertThat(field(api.post("/v1/members/" + member + "/events",
                "{\"type\": \"x\", \"occurredAt\": \"" + clock.instant() + "\", \"eventId\": \"\"}"))).isEqualTo("eventId");
        assertThat(field(api.get("/v1/members/" + member + "/timeline?view=nope"))).isEqualTo("view");
        assertThat(field(api.get("/v1/members/" + member + "/timeline?limit=1001"))).isEqualTo("limit");
        assertThat(field(api.get("/v1/members/" + member + "/timeline?cursor=zzz"))).isEqualTo("cursor");
        event("clicked", clock.instant(), "{}");
        Api other = as(newProgram());
        assertThat(other.get("/v1/members/" + member + "/timeline").status()).isEqualTo(404);
        assertThat(other.post("/v1/members/" + member + "/events", "{\"type\": \"x\", \"occurredAt\": \"" + clock.instant() + "\"}").status())
                .isEqualTo(404);
    }

    private static String field(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        return r.json().get("errors").get(0).get("field").asString();
    }
}
