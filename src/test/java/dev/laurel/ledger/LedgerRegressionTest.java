package dev.laurel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.members.MemberDraft;
import dev.laurel.members.Members;
import dev.laurel.support.IntegrationTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Ledger bugs that {@link LedgerPropertyTest} found, each as the smallest story that shows it. */
class LedgerRegressionTest extends IntegrationTest {

    static final ZoneId ZONE = ZoneId.of("America/New_York");
    /** ACME's definition 2 never expires; here it may go below zero. */
    static final DefinitionPolicy NEGATIVE_ALLOWED = new DefinitionPolicy(2, null, true, ZONE);

    @Autowired
    Ledger ledger;

    @Autowired
    Members members;

    String programId;
    UUID member;

    @BeforeEach
    void freshMember() {
        clock.set(Instant.parse("2024-01-15T12:00:00Z"), true);
        programId = newProgram().id();
        member = members.create(programId, new MemberDraft(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, false, null, null)).id().value();
    }

    @Test
    void points_a_spend_reversal_gives_back_pay_another_spends_debt_before_they_can_expire() {
        earn(100, LocalDate.of(2024, 2, 1));
        PostedEntry spend = spend(100);
        spend(50);
        assertThat(account().balance()).isEqualTo(-50);

        PostedEntry reversal = ledger.reverse(programId, member, spend.entry().id(), null, "Return", "spend reversed", null, NEGATIVE_ALLOWED);

        // 50 of the 100 paid the debt; only the other 50 went back to the lot.
        assertThat(reversal.entry().amount()).isEqualTo(100);
        assertThat(reversal.impactedBuckets()).containsExactly(new Bucket(LocalDate.of(2024, 2, 1), 50));
        assertThat(account().balance()).isEqualTo(50);
        assertThat(account().expiring()).containsExactly(new Bucket(LocalDate.of(2024, 2, 1), 50));
        assertThat(ledger.check(programId).details()).isEmpty();

        // Before the fix the lot held 100 active points next to a debt of 50: all 100 expired and the balance went to -50.
        clock.set(Instant.parse("2024-02-02T12:00:00Z"), true);
        ledger.settleDue(Optional.of(programId), 10);
        assertThat(account().expired()).isEqualTo(50);
        assertThat(account().balance()).isZero();
        assertThat(ledger.check(programId).details()).isEmpty();
    }

    @Test
    void a_spend_reversed_in_parts_while_in_debt_leaves_out_the_earliest_expiring_points() {
        earn(60, LocalDate.of(2024, 3, 1));
        earn(40, LocalDate.of(2024, 6, 1));
        PostedEntry spend = spend(100);
        spend(50);

        PostedEntry first = ledger.reverse(programId, member, spend.entry().id(), 60L, "Return", "part", null, NEGATIVE_ALLOWED);
        assertThat(first.impactedBuckets()).containsExactly(new Bucket(LocalDate.of(2024, 6, 1), 10));
        PostedEntry rest = ledger.reverse(programId, member, spend.entry().id(), null, "Return", "rest", null, NEGATIVE_ALLOWED);

        // As if the spend had never been made: the other spend's 50 would have come from the March points.
        assertThat(rest.impactedBuckets()).containsExactly(new Bucket(LocalDate.of(2024, 3, 1), 10), new Bucket(LocalDate.of(2024, 6, 1), 30));
        assertThat(account().balance()).isEqualTo(50);
        assertThat(account().expiring()).containsExactly(new Bucket(LocalDate.of(2024, 3, 1), 10), new Bucket(LocalDate.of(2024, 6, 1), 40));
        assertThat(ledger.check(programId).details()).isEmpty();
    }

    private void earn(long points, LocalDate validTo) {
        clock.advance(java.time.Duration.ofSeconds(1));
        ledger.post(programId, List.of(Posting.of(member, NEGATIVE_ALLOWED, points, "Manual", "earned")
                .validBetween(null, validTo.atStartOfDay(ZONE).toInstant())));
    }

    private PostedEntry spend(long points) {
        return ledger.post(programId, List.of(Posting.of(member, NEGATIVE_ALLOWED, -points, "Manual", "spent"))).entries().get(0);
    }

    private PointAccount account() {
        return ledger.accounts(programId, member, ZONE).get(0);
    }
}
