package dev.laurel.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.programs.Program.TierDowngrade;
import dev.laurel.programs.Program.TierExpiry;
import dev.laurel.programs.Program.TierLevel;
import dev.laurel.programs.Program.TierSystem;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tier policies' decisions, without a database: when a level ends and where a member goes then. */
class TierPolicyRulesTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final TierLevel UNENROLLED = new TierLevel("Unenrolled", 0, null, TierExpiry.NEVER);
    static final TierLevel BASE = new TierLevel("Base", 1, 0L, TierExpiry.NEVER);
    static final TierLevel SILVER = new TierLevel("Silver", 2, 2000L, TierExpiry.END_OF_FOLLOWING_CALENDAR_YEAR);
    static final TierLevel BRONZE_PLUS = new TierLevel("Bronze+", 5, 1000L, TierExpiry.NEVER);

    private static TierLevel gold(TierDowngrade downgrade) {
        return new TierLevel("Gold", 9, 10000L, TierExpiry.END_OF_FOLLOWING_CALENDAR_YEAR, null, downgrade, List.of(), null);
    }

    private static TierSystem system(TierDowngrade downgrade, TierLevel gold) {
        // Ranks need not be consecutive, and the list need not be in rank order.
        return new TierSystem("T", 2, List.of(gold, SILVER, UNENROLLED, BASE), downgrade);
    }

    @Test
    void to_earned_goes_to_the_level_the_points_earned_and_one_level_at_most_one_level_down() {
        assertThat(Tiers.afterEnd(system(TierDowngrade.TO_EARNED, gold(null)), 9, BASE)).isEqualTo(BASE);
        assertThat(Tiers.afterEnd(system(TierDowngrade.ONE_LEVEL, gold(null)), 9, BASE)).isEqualTo(SILVER);
        assertThat(Tiers.afterEnd(system(TierDowngrade.ONE_LEVEL, gold(null)), 2, BASE)).isEqualTo(BASE);
    }

    @Test
    void the_ending_levels_own_downgrade_wins_and_earning_as_much_or_more_is_never_a_downgrade() {
        assertThat(Tiers.afterEnd(system(TierDowngrade.ONE_LEVEL, gold(TierDowngrade.TO_EARNED)), 9, BASE)).isEqualTo(BASE);
        assertThat(Tiers.afterEnd(system(TierDowngrade.TO_EARNED, gold(TierDowngrade.ONE_LEVEL)), 9, BASE)).isEqualTo(SILVER);
        assertThat(Tiers.afterEnd(system(TierDowngrade.ONE_LEVEL, gold(null)), 2, gold(null))).isEqualTo(gold(null));
        assertThat(Tiers.afterEnd(system(TierDowngrade.ONE_LEVEL, gold(null)), 2, SILVER)).isEqualTo(SILVER);
    }

    @Test
    void one_level_down_is_the_next_lower_level_members_can_qualify_for_whatever_the_gap_in_ranks() {
        TierSystem system = new TierSystem("T", 2, List.of(UNENROLLED, BASE, BRONZE_PLUS, gold(null)), TierDowngrade.ONE_LEVEL);
        assertThat(Tiers.afterEnd(system, 9, BASE)).isEqualTo(BRONZE_PLUS);
        // A level the program no longer has follows the system's rule.
        assertThat(Tiers.afterEnd(system, 7, BASE)).isEqualTo(BRONZE_PLUS);
    }

    @Test
    void a_level_ends_never_at_the_year_after_next_or_months_after_its_term_started_in_the_programs_zone() {
        Instant entered = Instant.parse("2026-01-31T17:00:00Z"); // noon in New York
        assertThat(Tiers.resetsAt(BASE, 2026, entered, NEW_YORK)).isNull();
        assertThat(Tiers.resetsAt(SILVER, 2026, entered, NEW_YORK)).isEqualTo(Instant.parse("2028-01-01T05:00:00Z"));
        TierLevel monthly = new TierLevel("M", 3, 5000L, TierExpiry.MONTHS_AFTER_ENTRY, 1, null, List.of(), null);
        // One month after January 31st is the last day of February.
        assertThat(Tiers.resetsAt(monthly, 2026, entered, NEW_YORK)).isEqualTo(Instant.parse("2026-02-28T17:00:00Z"));
        TierLevel yearly = new TierLevel("Y", 3, 5000L, TierExpiry.MONTHS_AFTER_ENTRY, 12, null, List.of(), null);
        assertThat(Tiers.resetsAt(yearly, 2026, Instant.parse("2026-04-01T16:00:00Z"), NEW_YORK))
                .isEqualTo(Instant.parse("2027-04-01T16:00:00Z"));
        TierLevel sixMonths = new TierLevel("S", 3, 5000L, TierExpiry.MONTHS_AFTER_ENTRY, 6, null, List.of(), null);
        // Entered at noon in winter (EST), ends at noon in summer (EDT): an hour less in UTC.
        assertThat(Tiers.resetsAt(sixMonths, 2026, entered, NEW_YORK)).isEqualTo(Instant.parse("2026-07-31T16:00:00Z"));
    }
}
