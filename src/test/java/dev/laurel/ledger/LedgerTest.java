package dev.laurel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.laurel.members.MemberDraft;
import dev.laurel.members.Members;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The ledger on the real database: lots, spending order, pending and expiry, reversals, debt; invariants after each. */
class LedgerTest extends IntegrationTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final DefinitionPolicy SPENDABLE = new DefinitionPolicy(1, 4, false, NEW_YORK);
    static final DefinitionPolicy NO_EXPIRY = new DefinitionPolicy(2, null, false, NEW_YORK);
    static final DefinitionPolicy OVERDRAFT = new DefinitionPolicy(2, null, true, NEW_YORK);

    @Autowired
    Ledger ledger;

    @Autowired
    Members members;

    TestProgram program;
    UUID member;

    @BeforeEach
    void member() {
        program = newProgram();
        member = members.create(program.id(), new MemberDraft(null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, true, null, null)).id().value();
        clock.set(Instant.parse("2024-02-28T14:14:05.453Z"), true);
    }

    @AfterEach
    void invariantsHold() {
        LedgerCheck check = ledger.check(program.id());
        assertThat(check.details()).isEmpty();
        assertThat(check.mismatches()).isZero();
    }

    private PostedEntry post(DefinitionPolicy policy, long amount) {
        return ledger.post(program.id(), List.of(Posting.of(member, policy, amount, "Manual", "test"))).entries().get(0);
    }

    private PointAccount account(int definitionId) {
        return ledger.accounts(program.id(), member, NEW_YORK).stream().filter(a -> a.definitionId() == definitionId)
                .findFirst().orElse(PointAccount.empty(definitionId));
    }

    private Ledger.SettleReport sweep() {
        return ledger.settleDue(Optional.of(program.id()), 500);
    }

    @Test
    void an_award_is_a_lot_that_expires_months_after_the_day_it_was_earned_in_the_programs_zone() {
        PostedEntry award = post(SPENDABLE, 100);

        assertThat(award.entry().kind()).isEqualTo(EntryKind.EARN);
        assertThat(award.impactedBuckets()).containsExactly(new Bucket(LocalDate.parse("2024-06-28"), 100));
        assertThat(award.entry().expiresAt()).isEqualTo(Instant.parse("2024-06-28T04:00:00Z"));
        PointAccount a = account(1);
        assertThat(a.balance()).isEqualTo(100);
        assertThat(a.lifetimeEarned()).isEqualTo(100);
        assertThat(a.expiring()).containsExactly(new Bucket(LocalDate.parse("2024-06-28"), 100));
    }

    @Test
    void the_earning_day_is_the_day_in_the_programs_zone_not_in_utc() {
        clock.set(Instant.parse("2024-02-29T02:00:00Z"), true); // still 28 February in New York

        assertThat(post(SPENDABLE, 10).impactedBuckets().get(0).expirationDate()).isEqualTo(LocalDate.parse("2024-06-28"));
    }

    @Test
    void spending_takes_the_earliest_expiry_first_and_the_oldest_among_equals() {
        post(NO_EXPIRY, 1); // another definition's points are never touched
        PostedEntry february = post(SPENDABLE, 100);
        clock.advance(Duration.ofDays(31));
        PostedEntry march = post(SPENDABLE, 50);
        PostedEntry explicit = ledger.post(program.id(), List.of(Posting.of(member, SPENDABLE, 30, "Manual", "short-lived")
                .validBetween(null, Instant.parse("2024-05-01T04:00:00Z")))).entries().get(0);

        PostedEntry spend = post(SPENDABLE, -150);

        assertThat(spend.entry().kind()).isEqualTo(EntryKind.SPEND);
        assertThat(spend.impactedBuckets()).containsExactly(
                new Bucket(LocalDate.parse("2024-05-01"), -30),
                new Bucket(LocalDate.parse("2024-06-28"), -100),
                new Bucket(LocalDate.parse("2024-07-30"), -20));
        assertThat(account(1).balance()).isEqualTo(30);
        assertThat(account(1).expiring()).containsExactly(new Bucket(LocalDate.parse("2024-07-30"), 30));
        assertThat(account(2).balance()).isEqualTo(1);
        assertThat(february.entry().id()).isNotEqualTo(march.entry().id()).isNotEqualTo(explicit.entry().id());
    }

    @Test
    void a_deduction_larger_than_the_balance_is_refused_and_writes_nothing() {
        post(SPENDABLE, 100);
        long entriesBefore = ledger.log(program.id(), member, null, null, 500).entries().size();

        assertThatThrownBy(() -> post(SPENDABLE, -101)).isInstanceOf(InsufficientPoints.class)
                .hasMessageContaining("balance is 100");

        assertThat(account(1).balance()).isEqualTo(100);
        assertThat(ledger.log(program.id(), member, null, null, 500).entries()).hasSize((int) entriesBefore);
    }

    @Test
    void several_postings_apply_all_or_nothing() {
        post(SPENDABLE, 10);

        assertThatThrownBy(() -> ledger.post(program.id(), List.of(
                Posting.of(member, NO_EXPIRY, 500, "Purchase", "tier points"),
                Posting.of(member, SPENDABLE, -11, "Manual", "too much")))).isInstanceOf(InsufficientPoints.class);

        assertThat(account(2).balance()).isZero();
        assertThat(account(1).balance()).isEqualTo(10);
    }

    @Test
    void future_points_are_pending_until_valid_from_and_the_sweep_activates_them() {
        Instant in30Days = clock.instant().plus(Duration.ofDays(30));
        PostedEntry award = ledger.post(program.id(), List.of(Posting.of(member, SPENDABLE, 200, "Purchase", "escrow")
                .validBetween(in30Days, null))).entries().get(0);

        assertThat(award.entry().pending()).isTrue();
        assertThat(account(1).pending()).isEqualTo(200);
        assertThat(account(1).balance()).isZero();
        assertThatThrownBy(() -> post(SPENDABLE, -1)).isInstanceOf(InsufficientPoints.class);

        clock.advance(Duration.ofDays(29));
        assertThat(sweep().activated()).isZero();
        clock.advance(Duration.ofDays(1));
        assertThat(sweep().activated()).isEqualTo(1);

        assertThat(account(1).pending()).isZero();
        assertThat(account(1).balance()).isEqualTo(200);
        assertThat(ledger.entry(program.id(), member, award.entry().id()).orElseThrow().pending()).isFalse();
    }

    @Test
    void due_pending_points_can_be_spent_before_the_sweep_has_run() {
        ledger.post(program.id(), List.of(Posting.of(member, SPENDABLE, 200, "Purchase", "escrow")
                .validBetween(clock.instant().plus(Duration.ofDays(30)), null)));
        clock.advance(Duration.ofDays(31));

        post(SPENDABLE, -150);

        assertThat(account(1).balance()).isEqualTo(50);
        assertThat(account(1).pending()).isZero();
    }

    @Test
    void expired_lots_leave_the_balance_with_one_expiry_entry_each() {
        post(SPENDABLE, 100);
        clock.advance(Duration.ofDays(10));
        post(SPENDABLE, 40);
        post(SPENDABLE, -30);

        clock.set(Instant.parse("2024-06-28T03:59:59Z"), true);
        assertThat(sweep().expired()).isZero();
        clock.set(Instant.parse("2024-06-28T04:00:00Z"), true);
        assertThat(sweep().expired()).isEqualTo(1);

        PointAccount a = account(1);
        assertThat(a.balance()).isEqualTo(40);
        assertThat(a.expired()).isEqualTo(70);
        Entry expiry = ledger.log(program.id(), member, 1, null, 1).entries().get(0);
        assertThat(expiry.kind()).isEqualTo(EntryKind.EXPIRE);
        assertThat(expiry.amount()).isEqualTo(-70);
        assertThat(expiry.source()).isEqualTo("Expiry");
        assertThat(sweep().expired()).isZero();
    }

    @Test
    void expired_points_cannot_be_spent_even_before_the_sweep_has_run() {
        post(SPENDABLE, 100);
        clock.set(Instant.parse("2024-07-01T00:00:00Z"), true);

        assertThatThrownBy(() -> post(SPENDABLE, -1)).isInstanceOf(InsufficientPoints.class);
        post(SPENDABLE, 5);
        post(SPENDABLE, -5);

        assertThat(account(1).expired()).isEqualTo(100);
    }

    @Test
    void points_valid_to_a_past_time_are_recorded_and_expire_at_once() {
        ledger.post(program.id(), List.of(Posting.of(member, SPENDABLE, 12, "Purchase", "Gilded gauntlets")
                .validBetween(null, clock.instant().minus(Duration.ofDays(1)))));

        assertThat(account(1).balance()).isZero();
        assertThat(account(1).expired()).isEqualTo(12);
        assertThat(account(1).lifetimeEarned()).isEqualTo(12);
    }

    @Test
    void reversing_a_spend_gives_the_points_back_to_exactly_the_lots_they_came_from() {
        post(SPENDABLE, 100);
        clock.advance(Duration.ofDays(31));
        post(SPENDABLE, 50);
        PostedEntry spend = post(SPENDABLE, -120);

        PostedEntry reversal = ledger.reverse(program.id(), member, spend.entry().id(), null, "Adjustment", "undo", null, SPENDABLE);

        assertThat(reversal.entry().kind()).isEqualTo(EntryKind.REVERSAL);
        assertThat(reversal.entry().amount()).isEqualTo(120);
        assertThat(reversal.entry().reverses()).isEqualTo(spend.entry().id());
        assertThat(reversal.impactedBuckets()).containsExactly(
                new Bucket(LocalDate.parse("2024-06-28"), 100), new Bucket(LocalDate.parse("2024-07-30"), 20));
        assertThat(account(1).expiring()).containsExactly(
                new Bucket(LocalDate.parse("2024-06-28"), 100), new Bucket(LocalDate.parse("2024-07-30"), 50));
        assertThat(account(1).lifetimeSpent()).isZero();
        assertThatThrownBy(() -> ledger.reverse(program.id(), member, spend.entry().id(), 1L, "Adjustment", "again", null, SPENDABLE))
                .isInstanceOf(EntryNotReversible.class);
    }

    @Test
    void a_partial_reversal_of_a_spend_restores_the_latest_expiring_lot_first() {
        post(SPENDABLE, 100);
        clock.advance(Duration.ofDays(31));
        post(SPENDABLE, 50);
        PostedEntry spend = post(SPENDABLE, -120);

        PostedEntry first = ledger.reverse(program.id(), member, spend.entry().id(), 30L, "Adjustment", "part", null, SPENDABLE);
        PostedEntry second = ledger.reverse(program.id(), member, spend.entry().id(), 90L, "Adjustment", "rest", null, SPENDABLE);

        assertThat(first.impactedBuckets()).containsExactly(
                new Bucket(LocalDate.parse("2024-06-28"), 10), new Bucket(LocalDate.parse("2024-07-30"), 20));
        assertThat(second.impactedBuckets()).containsExactly(new Bucket(LocalDate.parse("2024-06-28"), 90));
        assertThat(account(1).balance()).isEqualTo(150);
    }

    @Test
    void points_given_back_to_a_lot_that_has_expired_since_expire_again_at_once() {
        post(SPENDABLE, 100);
        PostedEntry spend = post(SPENDABLE, -60);
        clock.set(Instant.parse("2024-07-01T00:00:00Z"), true);
        sweep();

        ledger.reverse(program.id(), member, spend.entry().id(), null, "Adjustment", "late undo", null, SPENDABLE);

        assertThat(account(1).balance()).isZero();
        assertThat(account(1).expired()).isEqualTo(100);
    }

    @Test
    void reversing_an_earning_takes_its_points_back_from_escrow_while_they_are_pending() {
        PostedEntry award = ledger.post(program.id(), List.of(Posting.of(member, SPENDABLE, 200, "Purchase", "order 1")
                .validBetween(clock.instant().plus(Duration.ofDays(30)), null))).entries().get(0);

        PostedEntry returned = ledger.reverse(program.id(), member, award.entry().id(), 50L, "Return", "returned one item", null, SPENDABLE);

        assertThat(returned.entry().amount()).isEqualTo(-50);
        assertThat(returned.entry().pending()).isTrue();
        assertThat(account(1).pending()).isEqualTo(150);
        assertThat(account(1).lifetimeEarned()).isEqualTo(150);
        clock.advance(Duration.ofDays(30));
        sweep();
        assertThat(account(1).balance()).isEqualTo(150);
    }

    @Test
    void reversing_a_spent_earning_takes_what_is_left_of_its_lot_then_from_the_balance() {
        PostedEntry award = post(SPENDABLE, 100);
        clock.advance(Duration.ofDays(1));
        post(SPENDABLE, 100);
        post(SPENDABLE, -80);

        PostedEntry reversal = ledger.reverse(program.id(), member, award.entry().id(), null, "Return", "whole order", null, SPENDABLE);

        assertThat(reversal.entry().amount()).isEqualTo(-100);
        assertThat(account(1).balance()).isEqualTo(20);
        assertThat(account(1).expiring()).containsExactly(new Bucket(LocalDate.parse("2024-06-29"), 20));
    }

    @Test
    void an_earning_cannot_be_reversed_by_more_than_it_earned_nor_an_expiry_at_all() {
        PostedEntry award = post(SPENDABLE, 100);
        ledger.reverse(program.id(), member, award.entry().id(), 60L, "Return", "part", null, SPENDABLE);

        assertThatThrownBy(() -> ledger.reverse(program.id(), member, award.entry().id(), 41L, "Return", "too much", null, SPENDABLE))
                .isInstanceOf(EntryNotReversible.class).hasMessageContaining("40");
        clock.set(Instant.parse("2024-07-01T00:00:00Z"), true);
        sweep();
        Entry expiry = ledger.log(program.id(), member, 1, null, 1).entries().get(0);
        assertThatThrownBy(() -> ledger.reverse(program.id(), member, expiry.id(), null, "Adjustment", "no", null, SPENDABLE))
                .isInstanceOf(EntryNotReversible.class);
        assertThatThrownBy(() -> ledger.reverse(program.id(), member, UUID.randomUUID(), null, "Adjustment", "no", null, SPENDABLE))
                .isInstanceOf(EntryNotFound.class);
    }

    @Test
    void with_allow_negative_a_deduction_may_overdraw_and_later_points_pay_the_debt_first() {
        post(OVERDRAFT, 30);
        PostedEntry spend = post(OVERDRAFT, -100);

        assertThat(account(2).balance()).isEqualTo(-70);
        assertThat(spend.impactedBuckets()).containsExactly(new Bucket(null, -30));

        post(OVERDRAFT, 50);
        assertThat(account(2).balance()).isEqualTo(-20);
        post(OVERDRAFT, 50);
        assertThat(account(2).balance()).isEqualTo(30);
        assertThat(account(2).expiring()).containsExactly(new Bucket(null, 30));

        ledger.reverse(program.id(), member, spend.entry().id(), null, "Adjustment", "undo overdraft", null, OVERDRAFT);
        assertThat(account(2).balance()).isEqualTo(130);
    }

    @Test
    void pending_points_pay_a_debt_when_they_become_active() {
        post(OVERDRAFT, -40);
        ledger.post(program.id(), List.of(Posting.of(member, OVERDRAFT, 100, "Purchase", "escrow")
                .validBetween(clock.instant().plus(Duration.ofDays(30)), null)));
        assertThat(account(2).balance()).isEqualTo(-40);
        assertThat(account(2).pending()).isEqualTo(100);

        clock.advance(Duration.ofDays(30));
        sweep();

        assertThat(account(2).balance()).isEqualTo(60);
        assertThat(account(2).pending()).isZero();
    }

    @Test
    void the_log_is_newest_first_paged_and_filtered_by_definition() {
        for (int i = 1; i <= 7; i++) {
            post(i % 2 == 0 ? NO_EXPIRY : SPENDABLE, i);
            clock.advance(Duration.ofSeconds(1));
        }
        EntryPage first = ledger.log(program.id(), member, null, null, 3);
        EntryPage second = ledger.log(program.id(), member, null, first.next(), 3);
        EntryPage third = ledger.log(program.id(), member, null, second.next(), 3);

        assertThat(first.entries()).extracting(Entry::amount).containsExactly(7L, 6L, 5L);
        assertThat(second.entries()).extracting(Entry::amount).containsExactly(4L, 3L, 2L);
        assertThat(third.entries()).extracting(Entry::amount).containsExactly(1L);
        assertThat(third.next()).isNull();
        assertThat(ledger.log(program.id(), member, 2, null, 10).entries()).extracting(Entry::amount).containsExactly(6L, 4L, 2L);
    }

    @Test
    void one_programs_ledger_is_invisible_to_another() {
        post(SPENDABLE, 100);
        TestProgram other = newProgram();

        assertThat(ledger.accounts(other.id(), member, NEW_YORK)).isEmpty();
        assertThat(ledger.log(other.id(), member, null, null, 10).entries()).isEmpty();
        assertThat(ledger.check(other.id()).accountsChecked()).isZero();
        assertThat(ledger.entry(other.id(), member, ledger.log(program.id(), member, null, null, 1).entries().get(0).id())).isEmpty();
    }

    /** A bound on one node's sweep runs in the two-nodes test: far more than the work needs, so a stuck sweep fails. */
    static final int SWEEP_RUNS_MAX = 10_000;

    @Test
    void two_nodes_sweeping_at_once_expire_each_lot_exactly_once() throws Exception {
        List<UUID> others = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            UUID m = members.create(program.id(), new MemberDraft(null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, true, null, null)).id().value();
            ledger.post(program.id(), List.of(Posting.of(m, SPENDABLE, 10, "Manual", "a"), Posting.of(m, SPENDABLE, 5, "Manual", "b")));
            others.add(m);
        }
        clock.set(Instant.parse("2024-07-01T00:00:00Z"), true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // Both nodes start sweeping at the same moment, so their claims on the due lots really overlap.
            CyclicBarrier start = new CyclicBarrier(2);
            AtomicLong expiredByBoth = new AtomicLong();
            // Each node sweeps until all 80 lots are gone: the claim skips the accounts the other node holds and
            // takes the next free ones (its limit applies after SKIP LOCKED), so both share the work.
            Callable<Long> node = () -> {
                start.await();
                long expired = 0;
                for (int run = 0; run < SWEEP_RUNS_MAX && expiredByBoth.get() < 80; run++) {
                    long thisRun = ledger.settleDue(Optional.of(program.id()), 7).expired();
                    expired += thisRun;
                    expiredByBoth.addAndGet(thisRun);
                }
                return expired;
            };
            var a = pool.submit(node);
            var b = pool.submit(node);
            assertThat(a.get() + b.get()).isEqualTo(80);
        } finally {
            pool.shutdown();
        }
        for (UUID m : others) {
            assertThat(ledger.accounts(program.id(), m, NEW_YORK).get(0).expired()).isEqualTo(15);
        }
    }
}
