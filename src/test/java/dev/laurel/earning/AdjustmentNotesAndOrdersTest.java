package dev.laurel.earning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * An adjustment's internal note through the HTTP API (stored with its entry, kept out of what a member reads), and a
 * member's orders as the console card reads them: newest first, what each earned and took back, the lifetime spend net
 * of returns per currency; each scoped to its program.
 */
class AdjustmentNotesAndOrdersTest extends IntegrationTest {

    @Autowired
    Adjustments adjustments;

    @Autowired
    Purchases purchases;

    @Test
    void an_adjustments_note_is_stored_with_its_entry_for_operators_and_stays_out_of_the_points_log() {
        TestProgram program = newProgram();
        Api api = as(program);
        String member = api.optedInMember(null);

        Api.Response noted = api.post("/v1/members/" + member + "/adjustments", body(250, "\"note\": \"Parcel lost, ticket 4411\""));
        Api.Response plain = api.post("/v1/members/" + member + "/adjustments", body(10, null));

        assertThat(noted.status()).as(noted.toString()).isEqualTo(201);
        assertThat(plain.status()).as(plain.toString()).isEqualTo(201);
        UUID notedId = UUID.fromString(noted.json().get("entry").get("id").asString());
        UUID plainId = UUID.fromString(plain.json().get("entry").get("id").asString());
        assertThat(adjustments.notes(program.id(), UUID.fromString(member), List.of(notedId, plainId)))
                .isEqualTo(Map.of(notedId, "Parcel lost, ticket 4411"));
        assertThat(api.get("/v1/members/" + member + "/points-log").body()).contains("Goodwill").doesNotContain("ticket 4411");
        TestProgram other = newProgram();
        assertThat(adjustments.notes(other.id(), UUID.fromString(member), List.of(notedId))).as("another program's").isEmpty();
        assertThat(api.get("/v1/admin/ledger/verify").json().get("mismatches").asLong()).isZero();
    }

    @Test
    void a_blank_or_too_long_note_is_refused_and_nothing_is_posted() {
        TestProgram program = newProgram();
        Api api = as(program);
        String member = api.optedInMember(null);

        Api.Response blank = api.post("/v1/members/" + member + "/adjustments", body(250, "\"note\": \"  \""));
        Api.Response tooLong = api.post("/v1/members/" + member + "/adjustments", body(250, "\"note\": \"" + "x".repeat(Adjustments.NOTE_CHARS_MAX + 1) + "\""));
        Api.Response notText = api.post("/v1/members/" + member + "/adjustments", body(250, "\"note\": 7"));

        for (Api.Response refused : List.of(blank, tooLong, notText)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            JsonNode errors = refused.json().get("errors");
            assertThat(errors.get(0).get("field").asString()).isEqualTo("note");
        }
        assertThat(api.balance(member, 1)).isZero();
    }

    @Test
    void a_members_orders_come_newest_first_with_their_points_and_the_spend_net_of_returns_per_currency() {
        TestProgram program = newProgram();
        Api api = as(program);
        String member = api.optedInMember(null);
        buy(api, member, "O-1", "120.00", "USD", "2026-11-01T10:00:00Z");
        buy(api, member, "O-2", "30.50", "USD", "2026-11-03T10:00:00Z");
        buy(api, member, "A-1001", "49.90", "EUR", "2026-11-20T16:30:00Z");
        assertThat(api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"O-1\", \"amount\": \"20.00\"}").status()).isEqualTo(201);
        String stranger = as(newProgram()).optedInMember(null);

        MemberOrders orders = purchases.orders(program.id(), UUID.fromString(member), List.of(1), 2);

        assertThat(orders.orders()).extracting(MemberOrders.Order::orderId).as("the newest two").containsExactly("A-1001", "O-2");
        assertThat(orders.lastPurchaseAt()).isEqualTo("2026-11-20T16:30:00Z");
        assertThat(orders.lifetimeSpend()).containsExactly(new MemberOrders.Spend("USD", new BigDecimal("130.5000")),
                new MemberOrders.Spend("EUR", new BigDecimal("49.9000")));
        MemberOrders.Order o1 = purchases.orders(program.id(), UUID.fromString(member), List.of(1), 10).orders().get(2);
        assertThat(o1.orderId()).isEqualTo("O-1");
        assertThat(o1.pointsEarned()).isEqualTo(120);
        assertThat(o1.pointsTakenBack()).isEqualTo(20);
        assertThat(o1.returnedAmount()).isEqualByComparingTo("20");
        assertThat(o1.lastReturnedAt()).isNotNull();
        assertThat(purchases.orders(program.id(), UUID.fromString(member), List.of(1, 2), 10).orders().get(2).pointsEarned())
                .as("tier points as well").isEqualTo(240);
        MemberOrders none = purchases.orders(program.id(), UUID.fromString(stranger), List.of(1), 10);
        assertThat(none.orders()).isEmpty();
        assertThat(none.lifetimeSpend()).isEmpty();
        assertThat(none.lastPurchaseAt()).isNull();
    }

    private static void buy(Api api, String member, String orderId, String amount, String currency, String at) {
        Api.Response r = api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"" + orderId + "\", \"amount\": \"" + amount
                + "\", \"currency\": \"" + currency + "\", \"occurredAt\": \"" + at + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private static String body(long amount, String extra) {
        return "{\"definitionId\": 1, \"amount\": " + amount + ", \"description\": \"Goodwill\", " + (extra == null ? "" : extra + ", ")
                + "\"source\": \"Manual\", \"userId\": \"u-1\", \"userName\": \"Maria\"}";
    }
}
