package dev.laurel.earning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.laurel.programs.InvalidProgram;
import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Earning by product (issue 16), over HTTP: a purchase's items earn by the program's rules (by category, by sku, fixed
 * points, exclusions), nothing below the minimum order, rounded once per purchase; the answer's breakdown says why; a
 * return of some lines takes back exactly what those lines earned. ACME (no rules) earns as it always has.
 */
class EarningByProductTest extends IntegrationTest {

    static final Instant NOW = Instant.parse("2026-05-04T15:00:00Z");

    /** ACME's earning section with rules: a café's coffee at double points, food at 1.5×, beans at 100 a bag, gift cards excluded. */
    static final String RULES = """
            earning:
              pointsPerCurrencyUnit: 1
              minimumOrderAmount: 5.00
              categories: [coffee, food, gift-cards, beans]
              rules:
                - { name: Double points on coffee, category: coffee, pointsPerCurrencyUnit: 2 }
                - { category: food, multiplier: 1.5 }
                - { sku: BEANS-1KG, fixedPoints: 100 }
                - { category: gift-cards, exclude: true }
            """;

    private final List<TestProgram> used = new ArrayList<>();

    @AfterEach
    void ledgerAgrees() {
        for (TestProgram program : used) {
            JsonNode check = as(program).get("/v1/admin/ledger/verify").json();
            assertThat(check.get("mismatches").asLong()).as(check.toString()).isZero();
        }
    }

    private TestProgram program(UnaryOperator<String> edit) {
        clock.set(NOW, true);
        TestProgram program = newProgram(TestProgram.ACME, Map.of(), edit);
        used.add(program);
        return program;
    }

    private TestProgram withRules(String earning) {
        return program(yaml -> {
            String acme = "earning:\n  pointsPerCurrencyUnit: 1           # 1 point for every whole unit of currency spent\n";
            assertThat(yaml).contains(acme);
            return yaml.replace(acme, earning);
        });
    }

    private static String item(String sku, String category, int quantity, String amount) {
        return "{\"sku\": \"" + sku + "\"" + (category == null ? "" : ", \"category\": \"" + category + "\"") + ", \"quantity\": " + quantity
                + ", \"amount\": \"" + amount + "\"}";
    }

    private static Response buy(Api api, String member, String orderId, String amount, String... items) {
        return api.post("/v1/purchases", "{\"memberId\": \"" + member + "\", \"orderId\": \"" + orderId + "\", \"amount\": \"" + amount
                + "\", \"currency\": \"USD\", \"occurredAt\": \"" + NOW + "\"" + (items.length == 0 ? "" : ", \"items\": ["
                + String.join(", ", items) + "]") + "}");
    }

    private static Response giveBack(Api api, String member, String orderId, String sku, int quantity) {
        return api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"" + orderId + "\", \"items\": [{\"sku\": \"" + sku
                + "\", \"quantity\": " + quantity + "}]}");
    }

    private static long pending(Api api, String member, int definitionId) {
        for (JsonNode a : api.get("/v1/members/" + member + "/point-accounts").json()) {
            if (a.get("definitionId").asInt() == definitionId) {
                return a.get("pending").asLong();
            }
        }
        return 0;
    }

    private static JsonNode line(JsonNode receipt, String sku) {
        for (JsonNode line : receipt.get("breakdown")) {
            if (sku.equals(line.path("sku").asString(null))) {
                return line;
            }
        }
        throw new AssertionError("no line " + sku + " in " + receipt);
    }

    private static long earned(JsonNode receipt, int definitionId) {
        for (JsonNode e : receipt.get("earned")) {
            if (e.get("definitionId").asInt() == definitionId) {
                return e.get("points").asLong();
            }
        }
        return 0;
    }

    @Test
    void items_earn_by_category_by_sku_fixed_points_and_exclusion_and_the_breakdown_says_which_rule() {
        Api api = as(withRules(RULES));
        String member = api.optedInMember(null);

        Response r = buy(api, member, "CAFE-1", "87.50",
                item("LATTE-L", "coffee", 2, "9.00"),
                item("CROISSANT", "food", 1, "3.50"),
                item("BEANS-1KG", "coffee", 2, "30.00"),
                item("GIFT-25", "gift-cards", 1, "25.00"),
                item("MUG", null, 2, "20.00"));

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode receipt = r.json();
        // 9.00 × 2 = 18; 3.50 × 1.5 = 5.25; 100 × 2 (the sku's rule wins over coffee's); gift card 0; 20.00 × 1 = 20.
        assertThat(line(receipt, "LATTE-L").get("rule").asString()).isEqualTo("Double points on coffee");
        assertThat(line(receipt, "LATTE-L").get("points").asLong()).isEqualTo(18);
        assertThat(line(receipt, "CROISSANT").get("rule").asString()).isEqualTo("category food");
        assertThat(line(receipt, "CROISSANT").get("exactPoints").decimalValue()).isEqualByComparingTo("5.25");
        assertThat(line(receipt, "CROISSANT").get("points").asLong()).isEqualTo(5);
        assertThat(line(receipt, "BEANS-1KG").get("rule").asString()).isEqualTo("sku BEANS-1KG");
        assertThat(line(receipt, "BEANS-1KG").get("points").asLong()).isEqualTo(200);
        assertThat(line(receipt, "GIFT-25").get("rule").asString()).isEqualTo("category gift-cards");
        assertThat(line(receipt, "GIFT-25").get("points").asLong()).isZero();
        assertThat(line(receipt, "GIFT-25").get("reason").asString()).contains("excluded");
        assertThat(line(receipt, "MUG").get("rule").isNull()).isTrue();
        assertThat(line(receipt, "MUG").get("points").asLong()).isEqualTo(20);
        // 243.25 exact, rounded down once: 243 on each definition ACME masters, pending for the return period.
        assertThat(earned(receipt, 1)).isEqualTo(243);
        assertThat(earned(receipt, 2)).isEqualTo(243);
        assertThat(pending(api, member, 1)).isEqualTo(243);
        assertThat(pending(api, member, 2)).isEqualTo(243);
    }

    @Test
    void a_purchase_below_the_minimum_order_earns_nothing_and_says_so() {
        Api api = as(withRules(RULES));
        String member = api.optedInMember(null);

        Response r = buy(api, member, "SMALL-1", "4.99", item("LATTE-S", "coffee", 1, "4.99"));

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("earned")).isEmpty();
        assertThat(line(r.json(), "LATTE-S").get("points").asLong()).isZero();
        assertThat(line(r.json(), "LATTE-S").get("reason").asString()).contains("minimum order amount of 5");
        assertThat(pending(api, member, 1)).isZero();

        Response enough = buy(api, member, "SMALL-2", "5.00", item("LATTE-S", "coffee", 1, "5.00"));
        assertThat(enough.status()).as(enough.toString()).isEqualTo(201);
        assertThat(earned(enough.json(), 1)).isEqualTo(10);
    }

    @Test
    void the_purchase_is_rounded_once_with_the_program_rounding_and_the_lines_share_the_whole_points() {
        Api floor = as(withRules("earning:\n  pointsPerCurrencyUnit: 1\n"));
        Api halfUp = as(withRules("earning:\n  pointsPerCurrencyUnit: 1\n  rounding: HALF_UP\n"));
        Api ceiling = as(withRules("earning:\n  pointsPerCurrencyUnit: 1\n  rounding: CEILING\n"));
        String[] items = {item("A", null, 1, "2.50"), item("B", null, 1, "1.30"), item("C", null, 1, "0.10")};

        JsonNode down = buy(floor, floor.optedInMember(null), "R-1", "3.90", items).json();
        JsonNode half = buy(halfUp, halfUp.optedInMember(null), "R-1", "3.90", items).json();
        JsonNode up = buy(ceiling, ceiling.optedInMember(null), "R-1", "3.90", items).json();

        // 3.9 exact: FLOOR 3, HALF_UP 4, CEILING 4; the points left over after each line's whole part go to the largest fractions.
        assertThat(earned(down, 1)).isEqualTo(3);
        assertThat(earned(half, 1)).isEqualTo(4);
        assertThat(earned(up, 1)).isEqualTo(4);
        assertThat(List.of(line(half, "A").get("points").asLong(), line(half, "B").get("points").asLong(), line(half, "C").get("points").asLong()))
                .containsExactly(3L, 1L, 0L);
        assertThat(List.of(line(down, "A").get("points").asLong(), line(down, "B").get("points").asLong(), line(down, "C").get("points").asLong()))
                .containsExactly(2L, 1L, 0L);
    }

    @Test
    void acme_without_rules_earns_as_before_with_or_without_items_and_a_breakdown_of_one_line() {
        Api api = as(program(yaml -> yaml));
        String member = api.optedInMember(null);

        Response whole = buy(api, member, "A-1", "2000.75");
        Response items = buy(api, member, "A-2", "1.50", item("X", "anything", 1, "0.50"), item("Y", null, 1, "0.50"),
                item("Z", null, 3, "0.50"));

        assertThat(whole.status()).as(whole.toString()).isEqualTo(201);
        assertThat(earned(whole.json(), 1)).isEqualTo(2000);
        JsonNode only = whole.json().get("breakdown");
        assertThat(only).hasSize(1);
        assertThat(only.get(0).get("sku").isNull()).isTrue();
        assertThat(only.get(0).get("amount").decimalValue()).isEqualByComparingTo("2000.75");
        assertThat(only.get(0).get("rule").isNull()).isTrue();
        assertThat(only.get(0).get("points").asLong()).isEqualTo(2000);
        // floor(1.50 × 1) = 1, as the same amount without items: rounded once per purchase, not per line.
        assertThat(items.status()).as(items.toString()).isEqualTo(201);
        assertThat(earned(items.json(), 1)).isEqualTo(1);
        assertThat(pending(api, member, 1)).isEqualTo(2001);
        // An amount return of an order bought without items works as it always has.
        Response back = api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"A-1\", \"amount\": \"500.00\"}");
        assertThat(back.status()).as(back.toString()).isEqualTo(201);
        assertThat(back.json().get("takenBack").get(0).get("points").asLong()).isEqualTo(499);
        assertThat(back.json().get("items")).isEmpty();
    }

    @Test
    void a_return_of_some_lines_takes_back_exactly_the_points_those_lines_earned_never_more() {
        Api api = as(withRules(RULES));
        String member = api.optedInMember(null);
        assertThat(buy(api, member, "CAFE-2", "72.00",
                item("LATTE-L", "coffee", 2, "9.00"),        // 18
                item("BEANS-1KG", "beans", 2, "30.00"),      // 200
                item("GIFT-25", "gift-cards", 1, "25.00"),   // 0
                item("MUG", null, 3, "8.00")).status())      // 8
                .isEqualTo(201);
        assertThat(pending(api, member, 1)).isEqualTo(226);

        Response latte = giveBack(api, member, "CAFE-2", "LATTE-L", 1);
        assertThat(latte.status()).as(latte.toString()).isEqualTo(201);
        assertThat(latte.json().get("takenBack").get(0).get("points").asLong()).isEqualTo(9);
        assertThat(latte.json().get("returned").decimalValue()).isEqualByComparingTo("4.50");
        assertThat(latte.json().get("items").get(0).get("points").asLong()).isEqualTo(9);
        assertThat(latte.json().get("items").get(0).get("returnedQuantity").asLong()).isEqualTo(1);
        assertThat(pending(api, member, 1)).isEqualTo(217);
        assertThat(pending(api, member, 2)).isEqualTo(217);

        assertThat(giveBack(api, member, "CAFE-2", "GIFT-25", 1).json().get("takenBack")).isEmpty();
        assertThat(giveBack(api, member, "CAFE-2", "BEANS-1KG", 1).json().get("takenBack").get(0).get("points").asLong()).isEqualTo(100);
        // A third of 8 points, counted over all the line's returns: 2, then 5 - 2 = 3, then 8 - 5 = 3.
        List<Long> mugs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Response mug = giveBack(api, member, "CAFE-2", "MUG", 1);
            assertThat(mug.status()).as(mug.toString()).isEqualTo(201);
            mugs.add(mug.json().get("takenBack").get(0).get("points").asLong());
        }
        assertThat(mugs).containsExactly(2L, 3L, 3L);
        assertThat(pending(api, member, 1)).isEqualTo(226 - 9 - 100 - 8);

        Response tooMany = giveBack(api, member, "CAFE-2", "LATTE-L", 2);
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(409);
        assertThat(tooMany.json().get("code").asString()).isEqualTo("return-exceeds-purchase");
        assertThat(tooMany.json().get("errors").get(0).get("field").asString()).isEqualTo("items[0].quantity");
        Response lastLatte = giveBack(api, member, "CAFE-2", "LATTE-L", 1);
        assertThat(lastLatte.json().get("takenBack").get(0).get("points").asLong()).isEqualTo(9);
        Response lastBeans = giveBack(api, member, "CAFE-2", "BEANS-1KG", 1);
        // Every line returned: every point taken back, and all the money.
        assertThat(lastBeans.json().get("totalReturned").decimalValue()).isEqualByComparingTo("72.00");
        assertThat(pending(api, member, 1)).isZero();
        assertThat(pending(api, member, 2)).isZero();
        assertThat(giveBack(api, member, "CAFE-2", "MUG", 1).status()).isEqualTo(409);
    }

    private static long takenBack(Response r, int definitionId) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        long sum = 0;
        for (JsonNode t : r.json().get("takenBack")) {
            if (t.get("definitionId").asInt() == definitionId) {
                sum += t.get("points").asLong();
            }
        }
        return sum;
    }

    @Test
    void a_campaign_multiplier_applies_to_the_rules_points_and_comes_back_with_the_lines_in_the_same_share() {
        Api api = as(program(yaml -> yaml.replace(
                "earning:\n  pointsPerCurrencyUnit: 1           # 1 point for every whole unit of currency spent\n", RULES)
                .replace("campaigns:\n", """
                        campaigns:
                          - id: may-bonus
                            name: Half as much again in May
                            startsAt: 2026-05-01T00:00:00Z
                            endsAt: 2026-06-01T00:00:00Z
                            enrollment: AUTOMATIC
                            goal: { eventType: purchased, count: 1000 }
                            reward: { multiplier: 1.5 }
                        """)));
        String member = api.optedInMember(null);

        Response bought = buy(api, member, "MAY-1", "48.00", item("LATTE-L", "coffee", 2, "18.00"), item("BEANS-1KG", "beans", 2, "30.00"));

        // 36 + 200 = 236 from the rules, and half as much again: 118 bonus.
        assertThat(bought.status()).as(bought.toString()).isEqualTo(201);
        assertThat(earned(bought.json(), 1)).isEqualTo(236);
        assertThat(bought.json().get("bonusPointsEarned").asLong()).isEqualTo(118);
        assertThat(pending(api, member, 1)).isEqualTo(354);
        // A bag of beans is 100 of the 236: 100 points and 50 of the bonus.
        assertThat(takenBack(giveBack(api, member, "MAY-1", "BEANS-1KG", 1), 1)).isEqualTo(150);
        assertThat(takenBack(giveBack(api, member, "MAY-1", "LATTE-L", 2), 1)).isEqualTo(36 + 18);
        assertThat(takenBack(giveBack(api, member, "MAY-1", "BEANS-1KG", 1), 1)).isEqualTo(150);
        assertThat(pending(api, member, 1)).isZero();
        assertThat(pending(api, member, 2)).isZero();
    }

    @Test
    void a_return_names_the_items_of_an_order_bought_with_items_and_an_amount_otherwise() {
        Api api = as(withRules(RULES));
        String member = api.optedInMember(null);
        buy(api, member, "WITH", "10.00", item("LATTE-L", "coffee", 2, "10.00"));
        buy(api, member, "WITHOUT", "10.00");

        Response amountOfItems = api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"WITH\", \"amount\": \"5.00\"}");
        Response itemsOfAmount = giveBack(api, member, "WITHOUT", "LATTE-L", 1);
        Response unknownSku = giveBack(api, member, "WITH", "ESPRESSO", 1);
        Response both = api.post("/v1/returns", "{\"memberId\": \"" + member + "\", \"orderId\": \"WITH\", \"amount\": \"5.00\","
                + " \"items\": [{\"sku\": \"LATTE-L\", \"quantity\": 1}]}");

        assertThat(amountOfItems.status()).isEqualTo(409);
        assertThat(amountOfItems.json().get("code").asString()).isEqualTo("return-needs-items");
        assertThat(itemsOfAmount.status()).isEqualTo(409);
        assertThat(itemsOfAmount.json().get("code").asString()).isEqualTo("item-not-in-order");
        assertThat(unknownSku.status()).isEqualTo(409);
        assertThat(unknownSku.json().get("errors").get(0).get("field").asString()).isEqualTo("items[0].sku");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("errors").get(0).get("field").asString()).isEqualTo("amount");
        assertThat(pending(api, member, 1)).isEqualTo(30);
    }

    @Test
    void items_that_do_not_add_up_to_the_amount_or_name_a_sku_twice_are_refused_naming_the_field() {
        Api api = as(withRules(RULES));
        String member = api.optedInMember(null);

        Response short_ = buy(api, member, "BAD-1", "10.00", item("A", null, 1, "4.00"), item("B", null, 1, "5.00"));
        Response twice = buy(api, member, "BAD-2", "10.00", item("A", null, 1, "5.00"), item("A", null, 1, "5.00"));
        Response shape = buy(api, member, "BAD-3", "10.00", "{\"sku\": \"\", \"quantity\": 0, \"amount\": \"1.23456\", \"colour\": \"red\"}");

        assertThat(short_.status()).as(short_.toString()).isEqualTo(400);
        assertThat(short_.json().get("errors").get(0).get("field").asString()).isEqualTo("items");
        assertThat(short_.json().get("errors").get(0).get("message").asString()).contains("9.00", "10.00");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("errors").get(0).get("field").asString()).isEqualTo("items[1].sku");
        assertThat(shape.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        shape.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("items[0].sku", "items[0].quantity", "items[0].amount", "items[0].colour");
        assertThat(pending(api, member, 1)).isZero();
    }

    @Test
    void a_program_with_bad_rules_is_refused_with_every_error_listed_and_nothing_changes() {
        TestProgram program = withRules(RULES);
        Api api = as(program);
        ObjectNode document = (ObjectNode) api.get("/v1/programs/" + program.id()).json();
        ObjectNode earning = (ObjectNode) document.get("earning");
        var rules = earning.withArray("rules");
        rules.addObject().put("category", "food").put("multiplier", -1);                  // rules[4]: below zero (and food twice)
        rules.addObject().put("category", "toys").put("pointsPerCurrencyUnit", 3);        // rules[5]: an unknown category
        rules.addObject().put("fixedPoints", 5);                                          // rules[6]: no selector
        rules.addObject().put("sku", "X").put("multiplier", 2).put("exclude", true);      // rules[7]: two effects
        rules.addObject().put("sku", "BEANS-1KG").put("fixedPoints", 1);                  // rules[8]: the sku has a rule
        rules.addObject().put("sku", "Y").put("category", "coffee").put("exclude", true); // rules[9]: two selectors
        rules.addObject().put("sku", "Z");                                                // rules[10]: no effect
        earning.put("rounding", "UP");

        Response put = api.put("/v1/programs/" + program.id(), document.toString());

        assertThat(put.status()).as(put.toString()).isEqualTo(400);
        assertThat(put.json().get("code").asString()).isEqualTo("invalid-program");
        List<String> errors = new ArrayList<>();
        put.json().get("errors").forEach(e -> errors.add(e.get("field").asString() + ": " + e.get("message").asString()));
        assertThat(errors).anyMatch(e -> e.startsWith("earning.rules[4].multiplier: "))
                .anyMatch(e -> e.startsWith("earning.rules[4].category: ") && e.contains("already has a rule (earning.rules[1])"))
                .anyMatch(e -> e.startsWith("earning.rules[5].category: ") && e.contains("'toys' is not one of earning.categories"))
                .anyMatch(e -> e.startsWith("earning.rules[6]: must select items by sku or by category"))
                .anyMatch(e -> e.startsWith("earning.rules[7]: has 2 effects"))
                .anyMatch(e -> e.startsWith("earning.rules[8].sku: ") && e.contains("already has a rule (earning.rules[2])"))
                .anyMatch(e -> e.startsWith("earning.rules[9]: selects by sku or by category, not both"))
                .anyMatch(e -> e.startsWith("earning.rules[10]: must have one effect"))
                .anyMatch(e -> e.startsWith("earning.rounding: "));
        assertThat(api.get("/v1/programs/" + program.id()).header("Laurel-Program-Revision")).isEqualTo("1");
        // Still the old rules: coffee at double points.
        String member = api.optedInMember(null);
        assertThat(earned(buy(api, member, "AFTER", "10.00", item("LATTE-L", "coffee", 1, "10.00")).json(), 1)).isEqualTo(20);
    }

    @Test
    void a_rule_naming_a_category_no_list_declares_is_refused_naming_the_field() {
        String yaml = TestProgram.sample(TestProgram.ACME).replace(
                "earning:\n  pointsPerCurrencyUnit: 1           # 1 point for every whole unit of currency spent\n",
                "earning:\n  pointsPerCurrencyUnit: 1\n  rules:\n    - { category: coffee, multiplier: 2 }\n");
        String withKeys = yaml.replace("${ACME_API_KEY}", "k-" + UUID.randomUUID()).replace("${ACME_PARTNER_KEY}", "p-" + UUID.randomUUID());

        assertThatThrownBy(() -> parse(withKeys)).isInstanceOf(InvalidProgram.class)
                .hasMessageContaining("earning.rules[0].category").hasMessageContaining("list it in earning.categories");
    }
}
