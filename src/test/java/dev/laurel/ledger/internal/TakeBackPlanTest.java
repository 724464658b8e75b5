package dev.laurel.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Where a take-back of an earning finds its points, decided from what became of its lot. */
class TakeBackPlanTest {

    private static final TakeBackFigures NOTHING_EARLIER = new TakeBackFigures(0, 0, 0, 0, 0);

    @Test
    void what_the_lot_still_holds_comes_first() {
        assertThat(TakeBackPlan.of(40, 100, 100, 0, NOTHING_EARLIER)).isEqualTo(new TakeBackPlan(40, 0, 0));
    }

    @Test
    void then_what_was_spent_then_what_expired() {
        // 100 earned: 30 spent, then the 70 left expired.
        assertThat(TakeBackPlan.of(50, 100, 0, 70, NOTHING_EARLIER)).isEqualTo(new TakeBackPlan(0, 30, 20));
    }

    @Test
    void earlier_take_backs_are_not_counted_twice() {
        // 100 earned: 20 taken back from the lot, then 30 spent, the 50 left expired; a take-back then recovered the 30
        // from the balance and counted 10 expired.
        TakeBackFigures earlier = new TakeBackFigures(50, 20, 50, 10, 0);
        assertThat(TakeBackPlan.of(40, 100, 0, 50, earlier)).isEqualTo(new TakeBackPlan(0, 0, 40));
    }

    @Test
    void spent_points_not_recovered_before_are_not_asked_for_again() {
        TakeBackFigures earlier = new TakeBackFigures(0, 0, 5, 0, 15);
        assertThat(TakeBackPlan.of(10, 100, 80, 0, earlier)).isEqualTo(new TakeBackPlan(10, 0, 0));
    }

    @Test
    void more_than_the_lot_accounts_for_is_a_broken_invariant() {
        assertThatThrownBy(() -> TakeBackPlan.of(101, 100, 100, 0, NOTHING_EARLIER)).isInstanceOf(IllegalStateException.class);
    }
}
