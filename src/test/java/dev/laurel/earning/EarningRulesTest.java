package dev.laurel.earning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.laurel.earning.internal.PurchaseStore;
import dev.laurel.ledger.PointsOverflow;
import dev.laurel.programs.Program.Earning;
import dev.laurel.programs.Program.EarningRule;
import dev.laurel.programs.Program.Rounding;
import dev.laurel.programs.Program.RuleEffect;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule computation and the line returns, without a database. */
class EarningRulesTest {

    private static final Earning CAFE = new Earning(BigDecimal.ONE, List.of("coffee", "gift-cards"), List.of(
            new EarningRule("coffee x2", null, "coffee", RuleEffect.MULTIPLIER, new BigDecimal("2")),
            new EarningRule("beans", "BEANS", null, RuleEffect.FIXED_POINTS, new BigDecimal("50")),
            new EarningRule("gift cards", null, "gift-cards", RuleEffect.EXCLUDE, null)), new BigDecimal("3"), Rounding.FLOOR, List.of());

    private static PurchaseItem item(String sku, String category, long quantity, String amount) {
        return new PurchaseItem(sku, category, quantity, new BigDecimal(amount));
    }

    private static List<Long> points(EarningRules.Outcome outcome) {
        return outcome.lines().stream().map(EarnedLine::points).toList();
    }

    @Test
    void without_rules_or_items_a_purchase_earns_the_amount_times_the_rate_rounded_down() {
        EarningRules.Outcome outcome = EarningRules.earn(new Earning(new BigDecimal("1.5")), new BigDecimal("10.99"), List.of());

        assertThat(outcome.points()).isEqualTo(16);
        assertThat(outcome.lines()).singleElement().satisfies(l -> {
            assertThat(l.rule()).isNull();
            assertThat(l.quantity()).isNull();
            assertThat(l.exactPoints()).isEqualByComparingTo("16.485");
        });
        assertThat(EarningRules.earn(null, new BigDecimal("10"), List.of()).points()).isZero();
    }

    @Test
    void a_sku_rule_wins_over_its_category_and_an_excluded_line_earns_nothing() {
        EarningRules.Outcome outcome = EarningRules.earn(CAFE, new BigDecimal("40.00"),
                List.of(item("LATTE", "coffee", 1, "4.00"), item("BEANS", "coffee", 3, "12.00"), item("GIFT", "gift-cards", 1, "20.00"),
                        item("MUG", "kitchen", 1, "4.00")));

        assertThat(points(outcome)).containsExactly(8L, 150L, 0L, 4L);
        assertThat(outcome.lines().stream().map(EarnedLine::rule).toList()).containsExactly("coffee x2", "beans", "gift cards", null);
        assertThat(outcome.points()).isEqualTo(162);
    }

    @Test
    void below_the_minimum_nothing_is_earned_not_even_fixed_points() {
        EarningRules.Outcome outcome = EarningRules.earn(CAFE, new BigDecimal("2.99"), List.of(item("BEANS", null, 1, "2.99")));

        assertThat(outcome.points()).isZero();
        assertThat(outcome.lines().get(0).reason()).contains("minimum order amount of 3");
    }

    @Test
    void rounding_is_once_per_purchase_and_the_lines_share_the_whole_points_by_largest_fraction() {
        List<PurchaseItem> items = List.of(item("A", null, 1, "0.40"), item("B", null, 1, "0.70"), item("C", null, 1, "0.40"));
        BigDecimal amount = new BigDecimal("1.50");

        EarningRules.Outcome floor = EarningRules.earn(new Earning(BigDecimal.ONE), amount, items);
        EarningRules.Outcome halfUp = EarningRules.earn(new Earning(BigDecimal.ONE, List.of(), List.of(), null, Rounding.HALF_UP, List.of()), amount, items);
        EarningRules.Outcome ceiling = EarningRules.earn(new Earning(BigDecimal.ONE, List.of(), List.of(), null, Rounding.CEILING, List.of()), amount, items);

        assertThat(points(floor)).containsExactly(0L, 1L, 0L);
        assertThat(points(halfUp)).containsExactly(1L, 1L, 0L);
        assertThat(points(ceiling)).containsExactly(1L, 1L, 0L);
        assertThat(ceiling.points()).isEqualTo(2);
    }

    @Test
    void more_points_than_an_account_may_hold_are_refused() {
        Earning huge = new Earning(new BigDecimal("1000000"));

        assertThatThrownBy(() -> EarningRules.earn(huge, new BigDecimal("999999999999999"), List.of())).isInstanceOf(PointsOverflow.class);
    }

    @Test
    void a_line_returned_unit_by_unit_takes_back_exactly_its_points_and_its_money() {
        List<PurchaseStore.Line> lines = List.of(new PurchaseStore.Line(0, "MUG", 3, new BigDecimal("10.00"), 10, 0),
                new PurchaseStore.Line(1, "LATTE", 2, new BigDecimal("9.00"), 18, 0));
        long taken = 0;
        BigDecimal money = BigDecimal.ZERO;
        for (int i = 0; i < 3; i++) {
            LineReturns.Outcome outcome = LineReturns.of("O", lines, List.of(new ReturnedItem("MUG", 1)));
            taken += outcome.receipt().get(0).points();
            money = money.add(outcome.amount());
            lines = List.of(outcome.changed().get(0), lines.get(1));
            assertThat(outcome.pointsEarned()).isEqualTo(28);
            assertThat(outcome.shareOf(28)).isEqualTo(outcome.pointsReturned());
        }

        assertThat(taken).isEqualTo(10);
        assertThat(money).isEqualByComparingTo("10.00");
        List<PurchaseStore.Line> all = lines;
        assertThatThrownBy(() -> LineReturns.of("O", all, List.of(new ReturnedItem("MUG", 1)))).isInstanceOf(OrderConflict.class)
                .hasMessageContaining("would return 4 of the 3 bought");
    }
}
