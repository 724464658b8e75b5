package dev.laurel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.ledger.internal.AccountKey;
import dev.laurel.members.MemberDraft;
import dev.laurel.members.Members;
import dev.laurel.platform.Sweep;
import dev.laurel.platform.SweepReport;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.StatementCounter;
import dev.laurel.support.TestProgram;
import dev.laurel.timeline.Timeline;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * The points sweep activates most pending lots in place, with one statement for a batch of accounts, and leaves to the
 * in-memory ledger the members it cannot settle that way (an account in debt, a lot due to expire). Over many members
 * of every kind, in batches, the outcome is what settling each member alone gives: balances, pending points, debt,
 * expiry entries, one {@code points_available} event per lot, the activation events the listeners get (in the
 * ledger's order), and a ledger that agrees with itself; another program's lots are not touched.
 */
@Import(StatementCounter.class)
@RecordApplicationEvents
class PointsSweepTest extends IntegrationTest {

    static final DefinitionPolicy ONE = new DefinitionPolicy(1, null, true, ZoneOffset.UTC);
    static final DefinitionPolicy TWO = new DefinitionPolicy(2, null, true, ZoneOffset.UTC);
    static final Instant T0 = Instant.parse("2031-05-01T10:00:00Z");
    static final Instant DUE = T0.plus(Duration.ofDays(1));
    static final Instant SWEPT_AT = T0.plus(Duration.ofDays(2));
    static final int EACH = 9;

    @Autowired
    Ledger ledger;

    @Autowired
    Members members;

    @Autowired
    Timeline timeline;

    @Autowired
    List<Sweep> sweeps;

    @Autowired
    StatementCounter counter;

    @Autowired
    ApplicationEvents events;

    /** What one member should have after the sweep. */
    record Expected(long balance1, long pending1, long expired1, long balance2, long pending2, List<PointsBecameActive> activations) {}

    @Test
    void settles_members_of_every_kind_in_batches_as_each_alone_and_leaves_other_programs_alone() {
        clock.set(T0, true);
        TestProgram program = newProgram();
        TestProgram other = newProgram();
        Map<UUID, Expected> expected = new LinkedHashMap<>();
        for (int i = 0; i < EACH; i++) {
            expected.putAll(ofEveryKind(program, i));
        }
        Map<UUID, Expected> expectedOther = new LinkedHashMap<>();
        for (int i = 0; i < 2; i++) {
            expectedOther.putAll(ofEveryKind(other, i));
        }
        clock.set(SWEPT_AT, true);
        events.clear();

        // Batches of about 7 accounts (a member's in one), so both ways of settling fall in several batches.
        List<AccountKey> due = ledger.dueAccounts(Optional.of(program.id()), 10_000);
        assertThat(due).isNotEmpty().allSatisfy(k -> assertThat(k.programId()).isEqualTo(program.id()));
        long[] counts = new long[2];
        List<String> statements = counter.statementsOf(() -> {
            for (List<AccountKey> batch : AccountKey.batches(due, 7)) {
                Ledger.SettleReport report = ledger.settleDue(batch);
                counts[0] += report.activated();
                counts[1] += report.expired();
            }
        });
        long activated = counts[0];
        long expired = counts[1];
        // Both ways ran: lots activated in place, and the members in debt or with lots to expire settled in Java.
        assertThat(statements).anyMatch(PointsSweepTest::activatesInPlace).anyMatch(PointsSweepTest::writesLotsFromJava);
        // Per member of each kind: simple 3, later 1, expiring 2, debt 2, activated-and-expired 2 lots activate;
        // expiring 1 and activated-and-expired 1 expire.
        assertThat(activated).isEqualTo(EACH * (3 + 1 + 2 + 2 + 2));
        assertThat(expired).isEqualTo(EACH * 2);
        assertThat(ledger.dueAccounts(Optional.of(program.id()), 10_000)).isEmpty();

        expected.forEach((member, e) -> assertSettled(program, member, e));
        assertThat(ledger.check(program.id()).mismatches()).isZero();
        // The other program's lots are all still pending: nothing of it was claimed or changed.
        expectedOther.forEach((member, e) -> {
            PointAccount one = account(other, member, 1);
            assertThat(one.pending()).as("other program, member %s", member).isGreaterThan(0);
            assertThat(available(other, member)[0]).isZero();
        });
        assertThat(published(other.id())).isEmpty();

        // The sweep itself, for the other program: the same outcome.
        Sweep sweep = sweeps.stream().filter(s -> s.name().equals("points-activation-and-expiry")).findFirst().orElseThrow();
        SweepReport run = sweep.run(Optional.of(other.id()));
        assertThat(run.processed()).isEqualTo(2 * (3 + 1 + 2 + 2 + 2) + 2 * 2);
        expectedOther.forEach((member, e) -> assertSettled(other, member, e));
        assertThat(ledger.check(other.id()).mismatches()).isZero();
        assertThat(sweep.run(Optional.of(other.id())).processed()).isZero();
    }

    @Test
    void a_batch_of_many_accounts_takes_no_more_statements_than_one_account() {
        clock.set(T0, true);
        TestProgram one = newProgram();
        TestProgram many = newProgram();
        simpleMember(one);
        List<UUID> several = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            several.add(simpleMember(many));
        }
        clock.set(SWEPT_AT, true);
        Sweep sweep = sweeps.stream().filter(s -> s.name().equals("points-activation-and-expiry")).findFirst().orElseThrow();

        long before = counter.count();
        assertThat(sweep.run(Optional.of(one.id())).processed()).isEqualTo(3);
        long forOne = counter.count() - before;
        before = counter.count();
        List<String> statements = counter.statementsOf(() -> assertThat(sweep.run(Optional.of(many.id())).processed()).isEqualTo(60 * 3));
        long forMany = counter.count() - before;
        // Members with no debt and nothing to expire are activated in place, by the statement that reads their lots:
        // no lot is written again from Java.
        assertThat(statements).anyMatch(PointsSweepTest::activatesInPlace).noneMatch(PointsSweepTest::writesLotsFromJava);

        System.out.println("points sweep: " + forOne + " round trips for 1 member, " + forMany + " for 60");
        // One more at most: a node re-reads a program it keeps after 10 s, which may fall in either run.
        assertThat(forMany).isLessThanOrEqualTo(forOne + 1);
        for (UUID member : several) {
            assertThat(account(many, member, 1).balance()).isEqualTo(65);
            assertThat(account(many, member, 1).pending()).isZero();
            assertThat(account(many, member, 2).balance()).isEqualTo(7);
        }
        assertThat(ledger.check(many.id()).mismatches()).isZero();
    }

    /** The sweep's statement that reads the due lots and activates those it can in place ({@code LedgerStore.settleDueLots}). */
    private static boolean activatesInPlace(String sql) {
        return sql.contains("update lots l set status = 'ACTIVE'");
    }

    /** The ledger's write of the lots it changed in memory ({@code LedgerWrites}), alone or in a combined statement. */
    private static boolean writesLotsFromJava(String sql) {
        return sql.contains("update lots l set remaining = u.remaining");
    }

    /** One member of each kind; returns what each should have after the sweep. */
    private Map<UUID, Expected> ofEveryKind(TestProgram program, int i) {
        Map<UUID, Expected> expected = new LinkedHashMap<>();
        // Simple: three pending lots on two accounts, all due; activated in place, in validFrom order across accounts.
        UUID simple = simpleMember(program);
        expected.put(simple, new Expected(65, 0, 0, 7, 0, List.of(active(program, simple, 1, 40, DUE),
                active(program, simple, 2, 7, DUE.plus(Duration.ofMinutes(30))), active(program, simple, 1, 25, DUE.plusSeconds(3600)))));
        // Later: one lot due, one not yet.
        UUID later = member(program);
        post(program, Posting.of(later, ONE, 30 + i, "Purchase", "due").validBetween(DUE, null));
        post(program, Posting.of(later, ONE, 20, "Purchase", "not yet").validBetween(SWEPT_AT.plus(Duration.ofDays(3)), null));
        expected.put(later, new Expected(30 + i, 20, 0, 0, 0, List.of(active(program, later, 1, 30 + i, DUE))));
        // Expiring: an active lot expires while a pending one activates (settled in Java).
        UUID expiring = member(program);
        post(program, Posting.of(expiring, ONE, 50, "Purchase", "ends").validBetween(null, DUE));
        post(program, Posting.of(expiring, ONE, 10, "Purchase", "comes").validBetween(DUE, null));
        post(program, Posting.of(expiring, TWO, 4, "Purchase", "comes too").validBetween(DUE.plusSeconds(60), null));
        expected.put(expiring, new Expected(10, 0, 50, 4, 0, List.of(active(program, expiring, 1, 10, DUE),
                active(program, expiring, 2, 4, DUE.plusSeconds(60)))));
        // Debt: spent 35 it did not have; its pending lots pay the debt first (settled in Java).
        UUID debt = member(program);
        post(program, Posting.of(debt, ONE, -35, "Manual", "overdraft"));
        post(program, Posting.of(debt, ONE, 20, "Purchase", "pays").validBetween(DUE, null));
        post(program, Posting.of(debt, ONE, 30, "Purchase", "pays the rest").validBetween(DUE.plusSeconds(3600), null));
        expected.put(debt, new Expected(15, 0, 0, 0, 0, List.of(active(program, debt, 1, 20, DUE),
                active(program, debt, 1, 30, DUE.plusSeconds(3600)))));
        // Activated and expired at once: its window closed before the sweep came (settled in Java).
        UUID window = member(program);
        post(program, Posting.of(window, ONE, 12, "Purchase", "window").validBetween(DUE, DUE.plusSeconds(7200)));
        post(program, Posting.of(window, TWO, 9, "Purchase", "stays").validBetween(DUE.plusSeconds(10), null));
        expected.put(window, new Expected(0, 0, 12, 9, 0, List.of(active(program, window, 1, 12, DUE),
                active(program, window, 2, 9, DUE.plusSeconds(10)))));
        return expected;
    }

    private UUID simpleMember(TestProgram program) {
        UUID member = member(program);
        post(program, Posting.of(member, ONE, 25, "Purchase", "second").validBetween(DUE.plusSeconds(3600), null));
        post(program, Posting.of(member, ONE, 40, "Purchase", "first").validBetween(DUE, null));
        post(program, Posting.of(member, TWO, 7, "Purchase", "other account").validBetween(DUE.plus(Duration.ofMinutes(30)), null));
        return member;
    }

    private void assertSettled(TestProgram program, UUID member, Expected e) {
        PointAccount one = account(program, member, 1);
        PointAccount two = account(program, member, 2);
        assertThat(new long[] {one.balance(), one.pending(), one.expired(), two.balance(), two.pending()}).as("member %s", member)
                .containsExactly(e.balance1(), e.pending1(), e.expired1(), e.balance2(), e.pending2());
        BigDecimal[] available = available(program, member);
        assertThat(available[0].longValue()).as("points_available events of %s", member).isEqualTo(e.activations().size());
        assertThat(available[1].longValue()).isEqualTo(e.activations().stream().mapToLong(PointsBecameActive::points).sum());
        long expiredEvents = timeline.countAndSum(program.id(), member, Timeline.POINTS_EXPIRED, T0, SWEPT_AT.plus(Duration.ofDays(30)),
                "points")[0].longValue();
        assertThat(expiredEvents).as("points_expired events of %s", member).isEqualTo(e.expired1() > 0 ? 1 : 0);
        assertThat(published(program.id()).stream().filter(a -> a.memberId().equals(member)).toList())
                .as("activations published for %s", member).containsExactlyElementsOf(e.activations());
    }

    private BigDecimal[] available(TestProgram program, UUID member) {
        return timeline.countAndSum(program.id(), member, Timeline.POINTS_AVAILABLE, T0, SWEPT_AT.plus(Duration.ofDays(30)), "points");
    }

    private List<PointsBecameActive> published(String programId) {
        return events.stream(PointsActivated.class).filter(a -> a.programId().equals(programId))
                .flatMap(a -> a.activations().stream()).toList();
    }

    private static PointsBecameActive active(TestProgram program, UUID member, int definitionId, long points, Instant at) {
        return new PointsBecameActive(program.id(), member, definitionId, points, at, true);
    }

    private PointAccount account(TestProgram program, UUID member, int definitionId) {
        return ledger.accounts(program.id(), member, ZoneOffset.UTC).stream().filter(a -> a.definitionId() == definitionId)
                .findFirst().orElse(PointAccount.empty(definitionId));
    }

    private UUID member(TestProgram program) {
        return members.create(program.id(), new MemberDraft(null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, true, null, null)).id().value();
    }

    private void post(TestProgram program, Posting posting) {
        ledger.post(program.id(), List.of(posting));
    }
}
