package dev.laurel.earning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Earning caps and inactivity expiry (issue 16) over HTTP with the clock moved: {@code earning.caps} withholds what
 * passes a member's daily or monthly cap and says so on the entry, the answer and the timeline; a definition's
 * {@code expiry.inactivityMonths} expires what a member still has, once, after that long without earning or spending.
 */
class CapsAndInactivityTest extends IntegrationTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final String CAPS = """
            earning:
              pointsPerCurrencyUnit: 1
              caps:
                - { period: DAY, points: 1000, source: Purchase }
                - { period: MONTH, points: 1500, source: Partner }
            """;

    private final List<TestProgram> used = new ArrayList<>();

    @AfterEach
    void ledgerAgrees() {
        for (TestProgram program : used) {
            JsonNode check = as(program).get("/v1/admin/ledger/verify").json();
            assertThat(check.get("mismatches").asLong()).as(check.toString()).isZero();
        }
    }

    private TestProgram acme(UnaryOperator<String> edit) {
        TestProgram program = newProgram(TestProgram.ACME, Map.of(), edit);
        used.add(program);
        return program;
    }

    private static long inactivitySweep(Api api) {
        return Api.processed(api.runJobs(), "points-inactivity-expiry");
    }

    private static List<JsonNode> entries(Api api, String member, String source) {
        List<JsonNode> found = new ArrayList<>();
        api.get("/v1/members/" + member + "/points-log?definitionId=1&limit=500").json().get("items").forEach(e -> {
            if (e.get("source").asString().equals(source)) {
                found.add(e);
            }
        });
        return found;
    }

    private static List<JsonNode> timeline(Api api, String member, String type) {
        List<JsonNode> found = new ArrayList<>();
        api.get("/v1/members/" + member + "/timeline").json().get("items").forEach(e -> {
            if (e.get("type").asString().equals(type)) {
                found.add(e);
            }
        });
        return found;
    }

    private static Instant at(int year, int month, int day, int hour) {
        return ZonedDateTime.of(year, month, day, hour, 0, 0, 0, NEW_YORK).toInstant();
    }

    @Test
    void points_expire_once_after_the_months_without_earning_or_spending_and_any_earning_or_spending_restarts_the_count() {
        clock.set(at(2026, 1, 10, 10), true);
        TestProgram program = acme(yaml -> yaml.replace("monthsAfterEarn: 4", "inactivityMonths: 3"));
        Api api = as(program);
        String quiet = api.optedInMember("quiet@example.com");
        String spender = api.optedInMember("spender@example.com");
        api.adjust(quiet, 1, 500);
        api.adjust(spender, 1, 300);

        // Two months on the spender spends: their count starts again.
        clock.set(at(2026, 3, 10, 10), true);
        api.adjust(spender, 1, -100);

        clock.set(at(2026, 4, 10, 10).minusSeconds(1), true);
        assertThat(inactivitySweep(api)).isZero();
        clock.set(at(2026, 4, 10, 10), true);
        assertThat(inactivitySweep(api)).isEqualTo(1);
        assertThat(inactivitySweep(api)).as("once").isZero();
        assertThat(api.balance(quiet, 1)).isZero();
        assertThat(api.balance(spender, 1)).isEqualTo(200);
        JsonNode expiry = entries(api, quiet, "Inactivity").get(0);
        assertThat(entries(api, quiet, "Inactivity")).hasSize(1);
        assertThat(expiry.get("kind").asString()).isEqualTo("EXPIRE");
        assertThat(expiry.get("amount").asLong()).isEqualTo(-500);
        assertThat(expiry.get("description").asString()).isEqualTo("Points expired after 3 months without earning or spending");
        List<JsonNode> expired = timeline(api, quiet, "points_expired");
        assertThat(expired).hasSize(1);
        assertThat(expired.get(0).get("attributes").get("points").asLong()).isEqualTo(-500);
        assertThat(expired.get(0).get("attributes").get("source").asString()).isEqualTo("Inactivity");

        // Earning again restarts the quiet member's count; the spender's three months end in June.
        clock.set(at(2026, 4, 20, 10), true);
        api.adjust(quiet, 1, 50);
        clock.set(at(2026, 6, 10, 10), true);
        assertThat(inactivitySweep(api)).isEqualTo(1);
        assertThat(entries(api, spender, "Inactivity")).singleElement().satisfies(e -> assertThat(e.get("amount").asLong()).isEqualTo(-200));
        assertThat(api.balance(quiet, 1)).isEqualTo(50);
        clock.set(at(2026, 7, 20, 10).minusSeconds(1), true);
        assertThat(inactivitySweep(api)).isZero();
        clock.set(at(2026, 7, 20, 10), true);
        assertThat(inactivitySweep(api)).isEqualTo(1);
        assertThat(entries(api, quiet, "Inactivity")).hasSize(2);
        assertThat(api.balance(quiet, 1)).isZero();
        // Definition 2 has no inactivity rule: its points stay.
        assertThat(entries(api, quiet, "Expiry")).isEmpty();
    }

    @Test
    void a_daily_cap_on_purchases_withholds_what_passes_it_and_says_so_and_a_return_takes_back_only_what_was_credited() {
        clock.set(at(2026, 5, 4, 9), true);
        TestProgram program = acme(yaml -> yaml.replace("earning:\n  pointsPerCurrencyUnit: 1           # 1 point for every whole unit of currency spent\n", CAPS));
        Api api = as(program);
        String member = api.optedInMember("capped@example.com");

        JsonNode first = purchase(api, member, "A", "600.00");
        assertThat(first.get("earned").get(0).get("points").asLong()).isEqualTo(600);
        assertThat(first.get("earned").get(0).has("cappedPoints")).isFalse();

        JsonNode second = purchase(api, member, "B", "700.00");
        for (JsonNode earned : second.get("earned")) {
            assertThat(earned.get("points").asLong()).as(earned.toString()).isEqualTo(400);
            assertThat(earned.get("cappedPoints").asLong()).isEqualTo(300);
            assertThat(earned.get("capReason").asString()).isEqualTo("Daily cap of 1000 points on Purchase reached");
        }
        JsonNode third = purchase(api, member, "C", "100.00");
        assertThat(third.get("earned").get(0).get("points").asLong()).isZero();
        assertThat(third.get("earned").get(0).get("cappedPoints").asLong()).isEqualTo(100);

        List<JsonNode> log = entries(api, member, "Purchase");
        assertThat(log).extracting(e -> e.get("amount").asLong()).containsExactly(0L, 400L, 600L);
        assertThat(log).extracting(e -> e.has("cappedPoints") ? e.get("cappedPoints").asLong() : 0L).containsExactly(100L, 300L, 0L);
        JsonNode entry = api.get("/v1/members/" + member + "/points-log/" + log.get(1).get("id").asString()).json();
        assertThat(entry.get("capReason").asString()).isEqualTo("Daily cap of 1000 points on Purchase reached");
        assertThat(timeline(api, member, "points_earned")).anySatisfy(e -> {
            assertThat(e.get("attributes").path("cappedPoints").asLong(0)).isEqualTo(300);
            assertThat(e.get("attributes").path("capReason").asString("")).isEqualTo("Daily cap of 1000 points on Purchase reached");
        });

        // An operator's adjustment is never capped; the next day the cap starts again.
        api.adjust(member, 1, 5000);
        clock.set(at(2026, 5, 5, 0), true);
        assertThat(purchase(api, member, "D", "900.00").get("earned").get(0).get("points").asLong()).isEqualTo(900);

        // The whole of order B comes back: only the 400 credited points go, on each definition.
        Response ret = api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"B\", \"amount\": \"700.00\"}");
        assertThat(ret.status()).as(ret.toString()).isIn(200, 201);
        assertThat(ret.json().get("takenBack")).allSatisfy(t -> assertThat(t.get("points").asLong()).isEqualTo(400));
        Response none = api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"C\", \"amount\": \"100.00\"}");
        assertThat(none.status()).as(none.toString()).isIn(200, 201);
        assertThat(none.json().get("takenBack")).isEmpty();
    }

    private static JsonNode purchase(Api api, String member, String orderId, String amount) {
        Response r = api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"" + orderId + "\", \"amount\": \""
                + amount + "\", \"currency\": \"USD\", \"occurredAt\": \"" + Instant.parse("2026-05-01T12:00:00Z") + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    @Test
    void a_monthly_cap_on_partner_points_withholds_what_passes_it_and_the_answer_reports_it() {
        clock.set(at(2026, 5, 4, 9), true);
        TestProgram program = acme(yaml -> yaml.replace("earning:\n  pointsPerCurrencyUnit: 1           # 1 point for every whole unit of currency spent\n", CAPS));
        Api api = as(program);
        String member = api.optedInMember("partnered@example.com");
        Api partner = api().key(program.partnerKey());

        JsonNode full = award(partner, member, 1000, "R1");
        assertThat(full.get("pointsEarned").asLong()).isEqualTo(1000);
        assertThat(full.has("pointsCapped")).isFalse();
        clock.set(at(2026, 5, 20, 9), true);
        JsonNode cut = award(partner, member, 800, "R2");
        assertThat(cut.get("pointsEarned").asLong()).isEqualTo(500);
        assertThat(cut.get("pointsCapped").asLong()).isEqualTo(300);
        assertThat(cut.get("capReason").asString()).isEqualTo("Monthly cap of 1500 points on Partner reached");
        assertThat(award(partner, member, 10, "R3").get("pointsEarned").asLong()).isZero();
        assertThat(api.balance(member, 1)).isEqualTo(1500);

        clock.set(at(2026, 6, 1, 0), true);
        assertThat(award(partner, member, 800, "R4").get("pointsEarned").asLong()).isEqualTo(800);
        assertThat(api.balance(member, 1)).isEqualTo(2300);
        assertThat(entries(api, member, "Partner")).extracting(e -> e.has("cappedPoints") ? e.get("cappedPoints").asLong() : 0L)
                .containsExactly(0L, 10L, 300L, 0L);

        // The member's data export shows each award as sent and as credited, with what the cap withheld and why.
        Response export = api.get("/v1/members/" + member + "/export");
        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        Map<String, JsonNode> exported = new HashMap<>();
        export.json().get("partnerTransactions").forEach(t -> exported.put(t.get("reference").asString(), t));
        assertThat(exported).containsOnlyKeys("R1", "R2", "R3", "R4");
        assertThat(exported.get("R2").get("points").asLong()).isEqualTo(800);
        assertThat(exported.get("R2").get("creditedPoints").asLong()).isEqualTo(500);
        assertThat(exported.get("R2").get("cappedPoints").asLong()).isEqualTo(300);
        assertThat(exported.get("R2").get("capReason").asString()).isEqualTo("Monthly cap of 1500 points on Partner reached");
        assertThat(exported.get("R3").get("creditedPoints").asLong()).isZero();
        assertThat(exported.get("R3").get("cappedPoints").asLong()).isEqualTo(10);
        assertThat(exported.get("R1").get("creditedPoints").asLong()).isEqualTo(1000);
        assertThat(exported.get("R1").has("cappedPoints")).isFalse();
        assertThat(exported.get("R1").has("capReason")).isFalse();
    }

    private static JsonNode award(Api partner, String member, long points, String reference) {
        Response r = partner.post("/loyalty/user/" + member + "/points", "{\"partner\": \"Partner\", \"points\": " + points
                + ", \"reference\": \"" + reference + "\"}");
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        return r.json();
    }

    @Test
    void a_document_with_bad_caps_or_inactivity_is_refused_with_every_error_listed() {
        TestProgram program = acme(yaml -> yaml);
        Api api = as(program);
        String yaml = program.yaml().replace("${ACME_API_KEY}", program.adminKey()).replace("${ACME_PARTNER_KEY}", program.partnerKey())
                .replace("earning:\n  pointsPerCurrencyUnit: 1           # 1 point for every whole unit of currency spent\n", """
                        earning:
                          pointsPerCurrencyUnit: 1
                          caps:
                            - { period: DAY, points: 0 }
                            - { period: WEEK, points: 100 }
                            - { period: MONTH, points: 100, pointDefinition: 9 }
                        """)
                .replace("monthsAfterEarn: 4", "monthsAfterEarn: 4\n      inactivityMonths: 121");

        Response put = api.send("PUT", "/v1/programs/" + program.id(), yaml, "application/yaml");

        assertThat(put.status()).as(put.toString()).isIn(400, 422);
        List<String> fields = new ArrayList<>();
        put.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).as(put.toString()).contains("earning.caps[0].points", "earning.caps[1].period",
                "pointDefinitions[0].expiry.inactivityMonths");
        assertThat(programs.get(program.id()).earning().caps()).isEmpty();
    }
}
