package dev.laurel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.members.MemberDraft;
import dev.laurel.members.Members;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.StatementCounter;
import dev.laurel.support.TestProgram;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * The hold-expiry sweep is set-based, as the activation sweep: voiding the due holds of many accounts takes the same
 * number of statements as voiding one account's, and gives every point back to its lots.
 */
@Import(StatementCounter.class)
class HoldExpirySweepTest extends IntegrationTest {

    static final int MEMBERS = 20;
    static final int HOLDS_PER_MEMBER = 2;
    static final DefinitionPolicy POLICY = new DefinitionPolicy(1, 4, false, ZoneId.of("America/New_York"));

    @Autowired
    Ledger ledger;

    @Autowired
    PointHolds holds;

    @Autowired
    Members members;

    @Autowired
    StatementCounter counter;

    @Test
    void voidingTheDueHoldsOfManyAccountsTakesNoMoreStatementsThanOnesAndGivesEveryPointBack() {
        TestProgram one = newProgram();
        List<UUID> single = membersWithHolds(one, 1);
        TestProgram many = newProgram();
        List<UUID> several = membersWithHolds(many, MEMBERS);
        clock.advance(Duration.ofDays(2));

        long before = counter.count();
        assertThat(holds.voidDue(Optional.of(one.id()), 200)).isEqualTo(HOLDS_PER_MEMBER);
        long forOne = counter.count() - before;
        before = counter.count();
        assertThat(holds.voidDue(Optional.of(many.id()), 200)).isEqualTo((long) MEMBERS * HOLDS_PER_MEMBER);
        long forMany = counter.count() - before;

        System.out.println("hold-expiry sweep: " + forOne + " round trips for 1 account, " + forMany + " for " + MEMBERS);
        // One more at most: a node re-reads a program it keeps after 10 s, which may fall in either run.
        assertThat(forMany).isLessThanOrEqualTo(forOne + 1);
        for (UUID member : several) {
            PointAccount account = ledger.accounts(many.id(), member, ZoneId.of("UTC")).get(0);
            assertThat(account.balance()).isEqualTo(100);
            assertThat(account.held()).isZero();
            assertThat(holds.page(many.id(), member, HoldStatus.VOID, null, 10).holds())
                    .hasSize(HOLDS_PER_MEMBER).allSatisfy(h -> assertThat(h.expired()).isTrue());
        }
        assertThat(ledger.check(many.id()).mismatches()).isZero();
        assertThat(ledger.check(one.id()).mismatches()).isZero();
        PointAccount alone = ledger.accounts(one.id(), single.get(0), ZoneId.of("UTC")).get(0);
        assertThat(alone.balance()).isEqualTo(100);
        assertThat(alone.held()).isZero();
    }

    /** Members with 100 points each, two earnings of 50, and two holds of 30 that expire in a day. */
    private List<UUID> membersWithHolds(TestProgram program, int count) {
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID member = members.create(program.id(), new MemberDraft(null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, true, null, null)).id().value();
            ledger.post(program.id(), List.of(Posting.of(member, POLICY, 50, "Manual", "first"),
                    Posting.of(member, POLICY, 50, "Manual", "second")));
            for (int h = 0; h < HOLDS_PER_MEMBER; h++) {
                holds.place(program.id(), member, POLICY, 30, clock.instant().plus(Duration.ofDays(1)), "till", "hold " + h);
            }
            created.add(member);
        }
        return created;
    }
}
