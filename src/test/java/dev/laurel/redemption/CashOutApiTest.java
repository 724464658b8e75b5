package dev.laurel.redemption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.Catalogue;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Cash-out periods end to end over HTTP, ACME's as the seed tells them ({@link Catalogue#CASH_OUT}: every 2,000
 * points become a 20.00 USD gift card at each quarter's end, in New York): the run of a period that has ended, once;
 * the gift cards, ledger entries and timeline events it makes; the runs reported. The ledger is verified after each.
 */
class CashOutApiTest extends IntegrationTest {

    static final Instant FEBRUARY = Instant.parse("2030-02-01T15:00:00Z");
    /** 23:00 on 2030-03-31 in New York: the first quarter has not ended there yet. */
    static final Instant QUARTER_NOT_OVER = Instant.parse("2030-04-01T03:00:00Z");
    /** 01:00 on 2030-04-01 in New York. */
    static final Instant QUARTER_OVER = Instant.parse("2030-04-01T05:00:00Z");

    private TestProgram program;
    private Api api;

    @BeforeEach
    void program() {
        clock.set(FEBRUARY, true);
        program = Catalogue.program(programs, Catalogue.CASH_OUT);
        api = as(program);
    }

    @AfterEach
    void ledgerAgrees() {
        JsonNode check = api.get("/v1/admin/ledger/verify").json();
        assertThat(check.get("mismatches").asLong()).as(check.toString()).isZero();
    }

    private String member(long points) {
        String id = api.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
        if (points > 0) {
            award(id, points);
        }
        return id;
    }

    private void award(String member, long points) {
        Response r = api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 1, \"amount\": " + points
                + ", \"description\": \"test\", \"source\": \"Manual\", \"userId\": \"u1\", \"userName\": \"Tester\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private long balance(String member) {
        return api.get("/v1/members/" + member + "/point-accounts").json().get(0).get("balance").asLong();
    }

    private JsonNode cashOutSweep() {
        for (JsonNode sweep : api.post("/v1/admin/jobs/run", "").json().get("sweeps")) {
            if (sweep.get("name").asString().equals("cash-out")) {
                return sweep;
            }
        }
        throw new AssertionError("no cash-out sweep in the jobs' answer");
    }

    private JsonNode vouchers(String member) {
        return api.get("/v1/members/" + member + "/vouchers").json().get("items");
    }

    @Test
    void when_a_quarter_ends_each_balance_becomes_a_gift_card_in_whole_steps_once() {
        String fourAndAHalf = member(4500);
        String justShort = member(1999);
        String exactlyOne = member(2000);
        String holding = member(6000);

        clock.set(QUARTER_NOT_OVER, true);
        Response held = api.post("/v1/members/" + holding + "/holds", "{\"definitionId\": 1, \"points\": 1000, \"reference\": \"till\", "
                + "\"expiresInSeconds\": 86400}");
        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        assertThat(cashOutSweep().get("details").get("runsStarted").asLong()).isZero();
        assertThat(api.get("/v1/cash-outs").json().get("items").size()).isZero();

        clock.set(QUARTER_OVER, true);
        JsonNode sweep = cashOutSweep();

        assertThat(sweep.get("details").get("runsStarted").asLong()).isEqualTo(1);
        assertThat(sweep.get("processed").asLong()).isEqualTo(3);
        assertThat(balance(fourAndAHalf)).isEqualTo(500);
        assertThat(balance(justShort)).isEqualTo(1999);
        assertThat(balance(exactlyOne)).isZero();
        // 6,000 less the 1,000 held: 5,000 spendable, two steps.
        assertThat(balance(holding)).isEqualTo(1000);
        JsonNode card = vouchers(fourAndAHalf).get(0);
        assertThat(card.get("kind").asString()).isEqualTo("GIFT_CARD");
        assertThat(card.get("name").asString()).isEqualTo("ACME gift card");
        assertThat(card.get("cashOutPeriod").asString()).isEqualTo("2030-03-31");
        assertThat(card.get("rewardId").isNull()).isTrue();
        assertThat(card.get("points").asLong()).isEqualTo(4000);
        assertThat(card.get("value").get("amount").asString()).isEqualTo("40.00");
        assertThat(card.get("value").get("currency").asString()).isEqualTo("USD");
        assertThat(card.get("status").asString()).isEqualTo("ISSUED");
        assertThat(card.get("code").asString()).matches("[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}");
        assertThat(vouchers(justShort).size()).isZero();
        JsonNode spend = api.get("/v1/members/" + fourAndAHalf + "/points-log?limit=1").json().get("items").get(0);
        assertThat(spend.get("kind").asString()).isEqualTo("SPEND");
        assertThat(spend.get("amount").asLong()).isEqualTo(-4000);
        assertThat(spend.get("source").asString()).isEqualTo("CashOut");
        assertThat(spend.get("reference").asString()).isEqualTo(card.get("id").asString());
        JsonNode event = null;
        for (JsonNode e : api.get("/v1/members/" + fourAndAHalf + "/timeline").json().get("items")) {
            if (e.get("type").asString().equals("points_cashed_out")) {
                event = e;
            }
        }
        assertThat(event).isNotNull();
        assertThat(event.get("attributes").get("points").asLong()).isEqualTo(4000);
        assertThat(event.get("attributes").get("amount").asString()).isEqualTo("40.00");
        assertThat(event.get("attributes").get("period").asString()).isEqualTo("2030-03-31");

        JsonNode run = api.get("/v1/cash-outs/2030-03-31").json();
        assertThat(run.get("status").asString()).isEqualTo("DONE");
        assertThat(run.get("membersConverted").asLong()).isEqualTo(3);
        assertThat(run.get("points").asLong()).isEqualTo(10_000);
        assertThat(run.get("value").get("amount").asString()).isEqualTo("100.00");
        assertThat(run.get("step").asLong()).isEqualTo(2000);
        assertThat(run.get("stepValue").get("amount").asString()).isEqualTo("20.00");
        assertThat(run.get("threshold").asLong()).isEqualTo(2000);
        assertThat(run.get("finishedAt").asString()).isEqualTo(QUARTER_OVER.toString());

        award(fourAndAHalf, 5000);
        assertThat(cashOutSweep().get("processed").asLong()).isZero();
        assertThat(balance(fourAndAHalf)).isEqualTo(5500);
        assertThat(api.get("/v1/cash-outs").json().get("items").size()).isEqualTo(1);
    }

    @Test
    void the_next_quarter_has_a_run_of_its_own_and_runs_are_listed_latest_first() {
        String member = member(2500);
        clock.set(QUARTER_OVER, true);
        cashOutSweep();
        // The 500 left of February's points expire on 2030-06-01; these 2,500 (earned in April) do not before July.
        award(member, 2500);
        clock.set(Instant.parse("2030-07-01T05:00:00Z"), true);

        assertThat(cashOutSweep().get("processed").asLong()).isEqualTo(1);

        assertThat(balance(member)).isEqualTo(500);
        JsonNode first = api.get("/v1/cash-outs?limit=1").json();
        assertThat(first.get("items").get(0).get("period").asString()).isEqualTo("2030-06-30");
        JsonNode next = api.get("/v1/cash-outs?limit=1&cursor=" + first.get("nextCursor").asString()).json();
        assertThat(next.get("items").get(0).get("period").asString()).isEqualTo("2030-03-31");
        assertThat(next.get("nextCursor").isNull()).isTrue();
        assertThat(vouchers(member).size()).isEqualTo(2);
    }

    @Test
    void a_gift_card_is_used_at_the_till_or_cancelled_like_any_voucher() {
        String used = member(2000);
        String cancelled = member(2000);
        clock.set(QUARTER_OVER, true);
        cashOutSweep();

        String usedCode = vouchers(used).get(0).get("code").asString();
        assertThat(api.post("/v1/vouchers/" + usedCode + "/redeem", "").json().get("status").asString()).isEqualTo("REDEEMED");
        String cancelledCode = vouchers(cancelled).get(0).get("code").asString();
        Response r = api.post("/v1/vouchers/" + cancelledCode + "/cancel", "");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(balance(cancelled)).isEqualTo(2000);
        // Converted once in the period: cancelling the card does not make the member due again.
        assertThat(cashOutSweep().get("processed").asLong()).isZero();
        assertThat(balance(cancelled)).isEqualTo(2000);
    }

    @Test
    void a_minimum_leaves_smaller_balances_alone_and_a_program_without_cash_out_has_no_runs() {
        TestProgram minimum = Catalogue.program(programs, Catalogue.CASH_OUT + "  minimum: 5000\n");
        Api other = as(minimum);
        List<String> members = new ArrayList<>();
        for (long points : new long[] {4999, 5000}) {
            String id = other.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
            other.post("/v1/members/" + id + "/adjustments", "{\"definitionId\": 1, \"amount\": " + points
                    + ", \"description\": \"t\", \"source\": \"Manual\", \"userId\": \"u\", \"userName\": \"n\"}");
            members.add(id);
        }
        clock.set(QUARTER_OVER, true);
        other.post("/v1/admin/jobs/run", "");

        assertThat(other.get("/v1/members/" + members.get(0) + "/point-accounts").json().get(0).get("balance").asLong()).isEqualTo(4999);
        assertThat(other.get("/v1/members/" + members.get(1) + "/point-accounts").json().get(0).get("balance").asLong()).isEqualTo(1000);
        assertThat(other.get("/v1/cash-outs/2030-03-31").json().get("threshold").asLong()).isEqualTo(5000);
        assertThat(other.get("/v1/admin/ledger/verify").json().get("mismatches").asLong()).isZero();

        Api plain = as(newProgram());
        plain.post("/v1/admin/jobs/run", "");
        assertThat(plain.get("/v1/cash-outs").json().get("items").size()).isZero();
    }

    @Test
    void a_period_without_a_run_is_not_found_and_a_period_that_is_not_a_date_is_refused() {
        Response missing = api.get("/v1/cash-outs/2030-06-30");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("code").asString()).isEqualTo("cash-out-not-found");
        Response bad = api.get("/v1/cash-outs/last-quarter");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(api.get("/v1/cash-outs?limit=101").status()).isEqualTo(400);
        assertThat(api.get("/v1/cash-outs?cursor=garbage").status()).isEqualTo(400);
    }
}
