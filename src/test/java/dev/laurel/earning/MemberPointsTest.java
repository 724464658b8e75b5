package dev.laurel.earning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.earning.PointsOverview.Account;
import dev.laurel.ledger.Actor;
import dev.laurel.ledger.Bucket;
import dev.laurel.ledger.Entry;
import dev.laurel.ledger.EntryPage;
import dev.laurel.ledger.Ledger;
import dev.laurel.members.MemberDraft;
import dev.laurel.members.Members;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.FollowerMode;
import dev.laurel.programs.Program.Purpose;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** One member's points overview on the real database: every definition, escrow names, the program-level figures. */
class MemberPointsTest extends IntegrationTest {

    static final Instant MARCH_FIRST = Instant.parse("2026-03-01T15:00:00Z");
    static final UnaryOperator<String> ESCROW_IS_AVAILABLE =
            yaml -> yaml.replaceFirst("(?m)^availablePoints: SPENDABLE\\b", "availablePoints: SPENDABLE_PLUS_ESCROW");

    @Autowired
    MemberPoints memberPoints;

    @Autowired
    Members members;

    @Autowired
    Adjustments adjustments;

    @Autowired
    Purchases purchases;

    @Autowired
    Ledger ledger;

    private TestProgram program;

    @BeforeEach
    void march() {
        clock.set(MARCH_FIRST, true);
    }

    @AfterEach
    void ledgerAgrees() {
        if (program != null) {
            assertThat(ledger.check(program.id()).mismatches()).isZero();
        }
    }

    private UUID member(TestProgram in) {
        program = in;
        return members.create(in.id(), new MemberDraft(null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, true, null, null)).id().value();
    }

    private PointsOverview overview(UUID member) {
        return memberPoints.overview(programs.get(program.id()), member);
    }

    private void adjust(UUID member, int definitionId, long points, String description) {
        adjustments.apply(program.id(), new Adjustment(member, definitionId, points, description, Adjustment.MANUAL,
                Actor.user("maria", "Maria")));
    }

    private void purchase(UUID member, String orderId, String amount) {
        purchases.purchase(program.id(), new Purchase(member, orderId, new BigDecimal(amount), "USD", clock.instant(), List.of()));
    }

    @Test
    void a_new_member_has_an_empty_account_for_every_definition_in_the_documents_order() {
        UUID member = member(newProgram());

        PointsOverview points = overview(member);

        assertThat(points.accounts()).extracting(Account::definitionId).containsExactly(1, 2);
        assertThat(points.accounts()).extracting(Account::purpose).containsExactly(Purpose.SPENDABLE, Purpose.TIER_QUALIFYING);
        for (Account a : points.accounts()) {
            assertThat(a.accountId()).isNull();
            assertThat(List.of(a.balance(), a.pending(), a.lifetimeEarned(), a.lifetimeSpent(), a.expired())).containsOnly(0L);
            assertThat(a.expiring()).isEmpty();
            assertThat(a.follower()).isNull();
            assertThat(a.followsPointMaster()).isFalse();
        }
        assertThat(List.of(points.availablePoints(), points.totalPoints(), points.lifetimePoints(), points.pendingPoints())).containsOnly(0L);
        assertThat(points.expiringSoon()).isEmpty();
    }

    @Test
    void an_escrow_account_is_called_what_the_definition_names_it_else_the_definitions_name_and_escrow() {
        UUID named = member(newProgram());
        assertThat(overview(named).accounts()).extracting(Account::escrowAccountName)
                .containsExactly("ACME Spendable Escrow Account", "ACME Tier-Qualifying Escrow Account");

        UUID unnamed = member(newProgram(TestProgram.ACME, Map.of(),
                yaml -> yaml.replace("      accountName: ACME Tier-Qualifying Escrow Account\n", "")));
        assertThat(overview(unnamed).accounts()).extracting(Account::escrowAccountName)
                .containsExactly("ACME Spendable Escrow Account", "ACME Tier Qualifying Account Escrow");

        UUID follower = member(newProgram(TestProgram.POINT_FOLLOWER));
        PointsOverview followed = overview(follower);
        assertThat(followed.accounts()).extracting(Account::escrowAccountName).containsOnlyNulls();
        assertThat(followed.accounts()).extracting(Account::follower).containsExactly(FollowerMode.TRANSACTIONS, FollowerMode.BALANCE);
        assertThat(followed.accounts()).allMatch(Account::followsPointMaster);
    }

    @Test
    void available_points_are_the_spendable_balance_and_total_points_every_active_balance() {
        UUID member = member(newProgram());
        adjust(member, 1, 100, "Welcome");
        adjust(member, 2, 50, "Tier bonus");
        purchase(member, "P-1", "2000.00");

        PointsOverview points = overview(member);

        assertThat(points.accounts()).extracting(Account::balance).containsExactly(100L, 50L);
        assertThat(points.accounts()).extracting(Account::pending).containsExactly(2000L, 2000L);
        assertThat(points.accounts()).allMatch(a -> a.accountId() != null);
        assertThat(points.availablePoints()).isEqualTo(100);
        assertThat(points.pendingPoints()).isEqualTo(2000);
        assertThat(points.totalPoints()).isEqualTo(150);
        assertThat(points.lifetimePoints()).isEqualTo(4150);
    }

    @Test
    void under_spendable_plus_escrow_available_points_count_the_pending_spendable_points_and_total_points_do_not() {
        UUID member = member(newProgram(TestProgram.ACME, Map.of(), ESCROW_IS_AVAILABLE));
        assertThat(programs.get(program.id()).availablePoints()).isEqualTo(Program.AvailablePoints.SPENDABLE_PLUS_ESCROW);
        adjust(member, 1, 100, "Welcome");
        adjust(member, 2, 50, "Tier bonus");
        purchase(member, "P-1", "2000.00");

        PointsOverview points = overview(member);

        assertThat(points.availablePoints()).isEqualTo(2100);
        assertThat(points.pendingPoints()).isEqualTo(2000);
        assertThat(points.totalPoints()).isEqualTo(150);
    }

    @Test
    void points_expiring_within_sixty_days_are_expiring_soon_and_later_ones_only_on_their_account() {
        UUID member = member(newProgram());
        adjust(member, 1, 100, "Welcome");
        purchase(member, "P-1", "2000.00");
        adjust(member, 2, 70, "Tier bonus");
        assertThat(overview(member).accounts().get(0).expiring()).containsExactly(new Bucket(LocalDate.parse("2026-07-01"), 100));
        assertThat(overview(member).expiringSoon()).isEmpty();

        clock.set(Instant.parse("2026-05-15T15:00:00Z"), true);
        ledger.settleDue(Optional.of(program.id()), 500);
        adjust(member, 1, 30, "Later");
        PointsOverview points = overview(member);

        Account spendable = points.accounts().get(0);
        assertThat(spendable.pending()).isZero();
        assertThat(spendable.balance()).isEqualTo(2130);
        assertThat(spendable.expiring()).containsExactly(new Bucket(LocalDate.parse("2026-07-01"), 2100),
                new Bucket(LocalDate.parse("2026-09-15"), 30));
        assertThat(points.accounts().get(1).expiring()).isEmpty();
        assertThat(points.expiringSoon()).containsExactly(new Bucket(LocalDate.parse("2026-07-01"), 2100));
        assertThat(points.availablePoints()).isEqualTo(2130);
        assertThat(points.totalPoints()).isEqualTo(2130 + 2070);
    }

    @Test
    void the_spendable_history_holds_only_spendable_entries_newest_first() {
        UUID member = member(newProgram());
        adjust(member, 1, 10, "Spend 1");
        adjust(member, 2, 10, "Tier 1");
        adjust(member, 1, 20, "Spend 2");
        adjust(member, 2, 20, "Tier 2");

        EntryPage page = memberPoints.spendableHistory(programs.get(program.id()), member, 1);

        assertThat(page.entries()).extracting(Entry::description).containsExactly("Spend 2");
        assertThat(page.next()).isNotNull();
        assertThat(memberPoints.spendableHistory(programs.get(program.id()), member, 10).entries())
                .extracting(Entry::description).containsExactly("Spend 2", "Spend 1");
    }
}
