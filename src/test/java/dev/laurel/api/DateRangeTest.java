package dev.laurel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every date Laurel accepts is from 1900-01-01T00:00:00Z to 9999-12-31T23:59:59Z: outside it, each entry point
 * answers 400 {@code invalid-input} naming the field, and stores nothing (a year such as -5000 would be stored as
 * {@code -infinity}, and +300000 cannot be stored at all).
 */
class DateRangeTest extends IntegrationTest {

    private static final String FAR_PAST = "-5000-01-01T00:00:00Z";
    private static final String FAR_FUTURE = "+300000-01-01T00:00:00Z";

    private TestProgram program;
    private Api api;
    private String member;

    @BeforeEach
    void member() {
        program = newProgram();
        api = as(program);
        member = api.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
    }

    /** The answer is a 400 problem whose only error names {@code field}. */
    private static void refusedNaming(Response r, String field) {
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        JsonNode errors = r.json().get("errors");
        assertThat(errors).as("%s", r).hasSize(1);
        assertThat(errors.get(0).get("field").asString()).isEqualTo(field);
        assertThat(errors.get(0).get("message").asString()).contains("1900-01-01");
    }

    @Test
    void a_purchase_dated_outside_the_range_is_refused_and_the_member_can_still_return_and_spend() {
        clock.set(Instant.parse("2026-01-10T00:00:00Z"), true);
        List<String> dates = List.of(FAR_PAST, "1899-12-31T23:59:59Z");
        for (int i = 0; i < dates.size(); i++) {
            refusedNaming(api.post("/v1/purchases", purchase("OLD-" + i, dates.get(i))), "occurredAt");
        }
        Response bought = api.post("/v1/purchases", purchase("NOW-1", "2026-01-02T10:00:00Z"));
        assertThat(bought.status()).as("%s", bought).isEqualTo(201);

        Response returned = api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"NOW-1\", \"amount\": \"10.00\"}");
        assertThat(returned.status()).as("%s", returned).isEqualTo(201);
        assertThat(api.post("/v1/members/" + member + "/adjustments", adjustment(5))
                .status()).isEqualTo(201);
        assertThat(api.post("/v1/members/" + member + "/adjustments", adjustment(-5))
                .status()).isEqualTo(201);
    }

    @Test
    void an_event_dated_outside_the_range_is_refused_and_one_at_its_edge_is_recorded() {
        refusedNaming(api.post("/v1/members/" + member + "/events", event(FAR_PAST)), "occurredAt");
        refusedNaming(api.post("/v1/members/" + member + "/events", event(FAR_FUTURE)), "occurredAt");
        refusedNaming(api.post("/v1/members/" + member + "/events", event("+10000-01-01T00:00:00Z")), "occurredAt");

        assertThat(api.post("/v1/members/" + member + "/events", event("1900-01-01T00:00:00Z")).status()).isEqualTo(201);
        assertThat(api.post("/v1/members/" + member + "/events", event("9999-12-31T23:59:59Z")).status()).isEqualTo(201);
    }

    @Test
    void engage_balances_and_transactions_dated_outside_the_range_are_refused_naming_the_item_and_field() {
        TestProgram follower = newProgram(TestProgram.POINT_FOLLOWER);
        Api engage = as(follower);
        String contact = engage.post("/v1/members", "{}").json().get("id").asString();

        refusedNaming(engage.post("/api/v2/point-accounts/balances", "[{\"contactId\": \"" + contact
                + "\", \"amount\": 5, \"definitionId\": 2, \"timeStamp\": \"" + FAR_FUTURE + "\"}]"), "[0].timeStamp");
        refusedNaming(engage.post("/api/v2/point-accounts/transactions", transaction(contact, FAR_PAST, null, null)), "[0].timeStamp");
        refusedNaming(engage.post("/api/v2/point-accounts/transactions",
                transaction(contact, "2024-01-01T00:00:00Z", FAR_FUTURE, null)), "[0].validFrom");
        refusedNaming(engage.post("/api/v2/point-accounts/transactions",
                transaction(contact, "2024-01-01T00:00:00Z", null, FAR_PAST)), "[0].validTo");
        assertThat(engage.get("/v1/members/" + contact + "/points-log").json().get("items")).isEmpty();
    }

    @Test
    void a_date_of_birth_outside_the_range_is_refused_on_create_and_on_change() {
        refusedNaming(api.post("/v1/members", "{\"dob\": \"1899-12-31\"}"), "dob");
        refusedNaming(api.patch("/v1/members/" + member, "{\"dob\": \"0001-01-01\"}"), "dob");
        assertThat(api.patch("/v1/members/" + member, "{\"dob\": \"1900-01-01\"}").status()).isEqualTo(200);
    }

    @Test
    void the_clock_cannot_be_set_outside_the_range() {
        refusedNaming(api.put("/v1/admin/clock", "{\"now\": \"" + FAR_FUTURE + "\", \"frozen\": true}"), "now");
        refusedNaming(api.put("/v1/admin/clock", "{\"now\": \"" + FAR_PAST + "\", \"frozen\": true}"), "now");
        assertThat(clock.instant()).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    void a_cursor_carrying_a_date_outside_the_range_is_not_a_cursor() {
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("points-log|" + FAR_FUTURE + "|1|1").getBytes(StandardCharsets.UTF_8));
        Response r = api.get("/v1/members/" + member + "/points-log?cursor=" + forged);
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("cursor");
    }

    @Test
    void a_campaign_window_outside_the_range_is_refused_in_a_program_document() {
        ObjectNode document = (ObjectNode) api.get("/v1/programs/" + program.id()).json();
        ((ObjectNode) document.get("campaigns").get(0)).put("endsAt", FAR_FUTURE);

        Response r = api.put("/v1/programs/" + program.id(), document.toString());

        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.body()).contains("campaigns[0].endsAt", "1900-01-01");
    }

    private String purchase(String orderId, String occurredAt) {
        return "{\"memberId\": \"" + member + "\", \"orderId\": \"" + orderId + "\", \"amount\": \"100.00\", \"currency\": \"USD\","
                + " \"occurredAt\": \"" + occurredAt + "\"}";
    }

    private static String event(String occurredAt) {
        return "{\"type\": \"opened_email\", \"occurredAt\": \"" + occurredAt + "\", \"attributes\": {}}";
    }

    private static String transaction(String contact, String timeStamp, String validFrom, String validTo) {
        return "[{\"contactId\": \"" + contact + "\", \"amount\": 5, \"definitionId\": 1, \"source\": \"Purchase\", \"timeStamp\": \""
                + timeStamp + "\"" + (validFrom == null ? "" : ", \"validFrom\": \"" + validFrom + "\"")
                + (validTo == null ? "" : ", \"validTo\": \"" + validTo + "\"") + "}]";
    }

    /** A manual adjustment of {@code amount} points on definition 1. */
    private static String adjustment(long amount) {
        return "{\"definitionId\": 1, \"amount\": " + amount + ", \"source\": \"Manual\", \"description\": \"Test\","
                + " \"userId\": \"u-1\", \"userName\": \"Tester\"}";
    }
}
