package dev.laurel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A return may leave a member owing points on a definition that allows a negative balance: the points were already
 * spent and their other points do not cover them (issue 16; points that expired are not taken again). Later points pay
 * that debt: every way points arrive keeps working while the balance is still below zero, and the ledger agrees with
 * itself.
 */
class DebtAfterReturnTest extends IntegrationTest {

    @Test
    void a_member_owing_points_after_a_return_still_earns_from_purchases_adjustments_and_partners() {
        TestProgram program = newProgram(TestProgram.ACME, Map.of(), yaml -> yaml.replace(
                "      accountName: ACME Spendable Escrow Account\n", "      accountName: ACME Spendable Escrow Account\n    allowNegative: true\n"));
        Api api = as(program);
        clock.set(Instant.parse("2026-02-10T12:00:00Z"), true);
        String member = api.post("/v1/members", "{\"optedIn\": true}").json().get("id").asString();
        // Bought in January: its points became active in February and were all spent then.
        assertThat(api.post("/v1/purchases", purchase(member, "JAN-1", "100.00", "2026-01-02T10:00:00Z")).status()).isEqualTo(201);
        api.post("/v1/admin/jobs/run", "");
        assertThat(api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 1, \"amount\": -100, \"source\": \"Manual\","
                + " \"description\": \"Spent\", \"userId\": \"u-1\", \"userName\": \"Tester\"}").status()).isEqualTo(201);
        clock.set(Instant.parse("2026-06-10T12:00:00Z"), true);
        Response returned = api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"JAN-1\", \"amount\": \"10.00\"}");
        assertThat(returned.status()).as("%s", returned).isEqualTo(201);
        assertThat(returned.json().get("takenBack").get(0).get("asDebt").asLong()).isEqualTo(10);
        assertThat(account(api, member).get("balance").asLong()).isEqualTo(-10);

        Response adjusted = api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": 1, \"amount\": 4, \"source\": \"Manual\","
                + " \"description\": \"Goodwill\", \"userId\": \"u-1\", \"userName\": \"Tester\"}");
        Response partner = api().key(program.partnerKey()).post("/loyalty/user/" + member + "/points",
                "{\"partner\": \"Partner\", \"points\": 3, \"reference\": \"Prize\"}");
        Response bought = api.post("/v1/purchases", purchase(member, "JUN-1", "50.00", "2026-06-10T11:00:00Z"));

        assertThat(adjusted.status()).as("%s", adjusted).isEqualTo(201);
        assertThat(partner.status()).as("%s", partner).isEqualTo(200);
        assertThat(bought.status()).as("%s", bought).isEqualTo(201);
        JsonNode account = account(api, member);
        assertThat(account.get("balance").asLong()).isEqualTo(-3);
        assertThat(account.get("pending").asLong()).isEqualTo(50);
        JsonNode check = api.get("/v1/admin/ledger/verify").json();
        assertThat(check.get("mismatches").asLong()).as(check.toString()).isZero();
    }

    private static String purchase(String member, String orderId, String amount, String occurredAt) {
        return "{\"memberId\": \"" + member + "\", \"orderId\": \"" + orderId + "\", \"amount\": \"" + amount + "\", \"currency\": \"USD\","
                + " \"occurredAt\": \"" + occurredAt + "\"}";
    }

    private static JsonNode account(Api api, String member) {
        for (JsonNode a : api.get("/v1/members/" + member + "/point-accounts").json()) {
            if (a.get("definitionId").asInt() == 1) {
                return a;
            }
        }
        throw new AssertionError("no account 1");
    }
}
