package dev.laurel.earning;

import dev.laurel.ledger.EntryPage;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.MemberLots;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.PointDefinition;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * A member's points as pages and dialects show them: the {@link PointsOverview} (read here once,
 * mapped by each adapter) and the history of the points a member can spend.
 */
@Service
public class MemberPoints {

    /** How many days of pending points a page lists (a purchase a day for a 30-day return period fits). */
    public static final int PENDING_DAYS_MAX = 60;

    private final Ledger ledger;
    private final MemberLots lots;
    private final Clock clock;

    MemberPoints(Ledger ledger, MemberLots lots, Clock clock) {
        this.ledger = ledger;
        this.lots = lots;
        this.clock = clock;
    }

    /** The pending points of the member's SPENDABLE definitions by the day they become available, earliest first. */
    public List<MemberLots.PendingDay> pendingByDay(Program program, UUID memberId) {
        return lots.pendingByDay(program.id(), memberId, spendable(program), program.timezone(), PENDING_DAYS_MAX);
    }

    /** The member's accounts and figures now; the caller has found the member in this program. */
    public PointsOverview overview(Program program, UUID memberId) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), program.timezone());
        return PointsOverview.of(program, ledger.accounts(program.id(), memberId, program.timezone()), today);
    }

    /**
     * As {@link #overview}, without when points expire: every account's {@code expiring} and the overview's
     * {@code expiringSoon} are empty, and the member's lots are not read (one query fewer, and the one that grows with
     * the member's history). For answers that show balances only.
     */
    public PointsOverview balancesOverview(Program program, UUID memberId) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), program.timezone());
        return PointsOverview.of(program, ledger.accountsWithoutExpiry(program.id(), memberId), today);
    }

    /**
     * The newest {@code limit} entries of the member's SPENDABLE definitions (their history as a
     * member sees it: tier-qualifying points show as the tier), asked of the ledger so that a page
     * holds {@code limit} entries whenever the member has that many.
     */
    public EntryPage spendableHistory(Program program, UUID memberId, int limit) {
        return ledger.logOf(program.id(), memberId, spendable(program), null, limit);
    }

    private static Set<Integer> spendable(Program program) {
        return program.pointDefinitions().stream().filter(PointsOverview::spendable).map(PointDefinition::id).collect(Collectors.toSet());
    }
}
