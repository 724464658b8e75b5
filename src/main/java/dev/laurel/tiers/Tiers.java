package dev.laurel.tiers;

import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.PointAccount;
import dev.laurel.ledger.PointsActivated;
import dev.laurel.ledger.PointsBecameActive;
import dev.laurel.ledger.PointsTakenBack;
import dev.laurel.members.Member;
import dev.laurel.members.MemberId;
import dev.laurel.members.MemberOptInChanged;
import dev.laurel.members.Members;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.TierExpiry;
import dev.laurel.programs.Program.TierLevel;
import dev.laurel.programs.Program.TierSystem;
import dev.laurel.programs.Programs;
import dev.laurel.tiers.internal.TierStore;
import dev.laurel.timeline.Timeline;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tiers. A member not opted in is in the rank-0 level; an opted-in member starts in the lowest level
 * with threshold 0. Qualifying points are the tier-qualifying points that became active in a calendar
 * year (program zone), less the active ones returned that year. The moment they become active, a
 * member moves up to the highest level whose threshold this year's points meet; a return never moves
 * anyone down. When a level ends ({@code END_OF_FOLLOWING_CALENDAR_YEAR}: the start of the year after
 * next, counted from the year it was earned), the reset sweep keeps the level (re-qualified) if the
 * calendar year just ended earned it, or moves the member to the level that year earned.
 */
@Service
public class Tiers {

    public static final int HISTORY_LIMIT_MAX = 500;
    public static final String EVENT_TIER_CHANGED = "tier_changed";

    private final TierStore store;
    private final Programs programs;
    private final Members members;
    private final Ledger ledger;
    private final Timeline timeline;
    private final TransactionTemplate tx;
    private final Clock clock;

    Tiers(TierStore store, Programs programs, Members members, Ledger ledger, Timeline timeline, TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.programs = programs;
        this.members = members;
        this.ledger = ledger;
        this.timeline = timeline;
        this.tx = tx;
        this.clock = clock;
    }

    /** The member's tier now; empty when the program has no tier system. */
    public Optional<TierStatus> status(String programId, UUID memberId) {
        Program program = programs.get(programId);
        TierSystem system = program.tierSystem();
        if (system == null) {
            return Optional.empty();
        }
        Member member = members.get(programId, MemberId.of(memberId));
        long tierPoints = ledger.accounts(programId, memberId, program.timezone()).stream()
                .filter(a -> a.definitionId() == system.qualifyingPointDefinition()).mapToLong(PointAccount::balance).findFirst().orElse(0);
        return status(program, member, tierPoints);
    }

    /**
     * As {@link #status(String, UUID)}, for a caller that has already read the member and the balance of the program's
     * tier-qualifying definition ({@code tierPoints}): a search that answers with points and tier reads each once.
     */
    public Optional<TierStatus> status(Program program, Member member, long tierPoints) {
        TierSystem system = program.tierSystem();
        if (system == null) {
            return Optional.empty();
        }
        String programId = program.id();
        UUID memberId = member.id().value();
        Current current = current(program, member, store.find(programId, memberId, false));
        int year = LocalDate.ofInstant(clock.instant(), program.timezone()).getYear();
        Optional<TierLevel> next = ranked(system).stream().filter(l -> l.rank() > current.rank() && l.threshold() != null).findFirst();
        return Optional.of(new TierStatus(system.name(), current.name(), current.rank(), current.enteredAt(), current.resetsAt(),
                tierPoints, next.map(TierLevel::name).orElse(null), next.map(TierLevel::rank).orElse(null),
                next.map(TierLevel::threshold).orElse(null), store.points(programId, memberId, year), year));
    }

    public List<TierChange> history(String programId, UUID memberId, int limit) {
        members.get(programId, MemberId.of(memberId));
        return store.history(programId, memberId, Math.min(limit, HISTORY_LIMIT_MAX));
    }

    /** Qualifying points that became active count towards the year's tier points, and may move their member up. */
    @EventListener
    void pointsActivated(PointsActivated activated) {
        TierSystem system = programs.get(activated.programId()).tierSystem();
        if (system == null) {
            return;
        }
        for (PointsBecameActive e : activated.activations()) {
            if (system.qualifyingPointDefinition() == e.definitionId()) {
                pointsBecameActive(e);
            }
        }
    }

    private void pointsBecameActive(PointsBecameActive e) {
        Program program = programs.get(e.programId());
        TierSystem system = program.tierSystem();
        int year = LocalDate.ofInstant(e.at(), program.timezone()).getYear();
        long points = store.addPoints(e.programId(), e.memberId(), year, e.points());
        Member member = members.get(e.programId(), MemberId.of(e.memberId()));
        if (!member.optedIn()) {
            return;
        }
        Current current = current(program, member, store.find(e.programId(), e.memberId(), true));
        Optional<TierLevel> best = best(system, points);
        if (best.isPresent() && best.get().rank() > current.rank()) {
            move(program, e.memberId(), current, best.get(), e.at(), e.at(), resetsAt(best.get(), year, program.timezone()), "UPGRADED", points);
        }
    }

    @EventListener
    void pointsTakenBack(PointsTakenBack e) {
        Program program = programs.get(e.programId());
        TierSystem system = program.tierSystem();
        if (system != null && system.qualifyingPointDefinition() == e.definitionId()) {
            // A return takes the points off this year's count; it never moves a member down.
            store.addPoints(e.programId(), e.memberId(), LocalDate.ofInstant(e.at(), program.timezone()).getYear(), -e.points());
        }
    }

    @EventListener
    void optInChanged(MemberOptInChanged e) {
        Program program = programs.get(e.programId());
        TierSystem system = program.tierSystem();
        if (system == null) {
            return;
        }
        Member member = members.get(e.programId(), MemberId.of(e.memberId()));
        Optional<TierStore.Row> row = store.find(e.programId(), e.memberId(), true);
        Current before = row.map(r -> new Current(r.rank(), r.levelName(), r.enteredAt(), r.resetsAt()))
                .orElse(unenrolled(system, member));
        if (e.optedIn()) {
            TierLevel start = ranked(system).stream().filter(l -> l.threshold() != null && l.threshold() == 0).findFirst().orElseThrow();
            int year = LocalDate.ofInstant(e.at(), program.timezone()).getYear();
            long points = store.points(e.programId(), e.memberId(), year);
            TierLevel level = best(system, points).filter(b -> b.rank() > start.rank()).orElse(start);
            move(program, e.memberId(), before, level, e.at(), e.at(), resetsAt(level, year, program.timezone()), "OPTED_IN", points);
        } else {
            Optional<TierLevel> out = ranked(system).stream().filter(l -> l.rank() == 0).findFirst();
            if (out.isPresent()) {
                move(program, e.memberId(), before, out.get(), e.at(), e.at(), null, "OPTED_OUT", 0);
            }
        }
    }

    /**
     * Puts a member that a bulk import created in the level their old program had them in, by name, recorded as
     * {@code IMPORTED} (nothing changes when they are in it already). From there the usual rules apply: upgrades as
     * qualifying points become active, and the level ends as one reached this year would. Joins the caller's transaction.
     */
    public void importLevel(String programId, UUID memberId, String levelName) {
        Program program = programs.get(programId);
        TierSystem system = program.tierSystem();
        TierLevel level = system == null ? null
                : system.levels().stream().filter(l -> l.name().equals(levelName)).findFirst().orElse(null);
        if (level == null) {
            throw new IllegalArgumentException("program " + programId + " has no tier level '" + levelName + "'");
        }
        tx.executeWithoutResult(status -> {
            Member member = members.get(programId, MemberId.of(memberId));
            Current before = current(program, member, store.find(programId, memberId, true));
            if (before.rank() == level.rank() && before.name().equals(level.name())) {
                return;
            }
            Instant now = clock.instant();
            int year = LocalDate.ofInstant(now, program.timezone()).getYear();
            move(program, memberId, before, level, now, now, resetsAt(level, year, program.timezone()), "IMPORTED",
                    store.points(programId, memberId, year));
        });
    }

    /** The reset sweep's work: members whose level has ended are re-evaluated on the calendar year just ended. */
    public long resetEnded(Optional<String> programId, int membersMax) {
        Long done = tx.execute(status -> {
            Instant now = clock.instant();
            List<TierStore.Row> ended = store.claimEnded(programId, now, membersMax);
            for (TierStore.Row row : ended) {
                Program program = programs.get(row.programId());
                TierSystem system = program.tierSystem();
                Current current = new Current(row.rank(), row.levelName(), row.enteredAt(), row.resetsAt());
                if (system == null) {
                    store.save(row.programId(), row.memberId(), row.rank(), row.levelName(), row.enteredAt(), null, now);
                    continue;
                }
                ZoneId zone = program.timezone();
                int year = LocalDate.ofInstant(row.resetsAt().minusNanos(1), zone).getYear();
                long points = store.points(row.programId(), row.memberId(), year);
                TierLevel start = ranked(system).stream().filter(l -> l.threshold() != null && l.threshold() == 0).findFirst().orElseThrow();
                TierLevel earned = best(system, points).orElse(start);
                if (earned.rank() >= row.rank()) {
                    move(program, row.memberId(), current, earned, row.resetsAt(), earned.rank() == row.rank() ? row.enteredAt() : row.resetsAt(),
                            resetsAt(earned, year, zone), earned.rank() == row.rank() ? "REQUALIFIED" : "UPGRADED", points);
                } else {
                    move(program, row.memberId(), current, earned, row.resetsAt(), row.resetsAt(), resetsAt(earned, year, zone),
                            "DOWNGRADED", points);
                }
            }
            return (long) ended.size();
        });
        return done == null ? 0 : done;
    }

    private void move(Program program, UUID memberId, Current from, TierLevel to, Instant at, Instant enteredAt, Instant resetsAt,
            String reason, long points) {
        Instant now = clock.instant();
        store.save(program.id(), memberId, to.rank(), to.name(), enteredAt, resetsAt, now);
        TierChange change = new TierChange(UUID.randomUUID(), at, from == null ? null : from.rank(),
                from == null ? null : from.name(), to.rank(), to.name(), reason, points);
        store.addHistory(program.id(), memberId, change);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("from", from == null ? null : from.name());
        attributes.put("to", to.name());
        attributes.put("rank", to.rank());
        attributes.put("reason", reason);
        attributes.put("qualifyingPoints", points);
        if (resetsAt != null) {
            attributes.put("resetsAt", resetsAt.toString());
        }
        timeline.recordOwn(program.id(), memberId, EVENT_TIER_CHANGED, at, attributes);
    }

    /** A member's level as stored, or, before any change was stored, as their opt-in says. */
    private Current current(Program program, Member member, Optional<TierStore.Row> row) {
        if (row.isPresent()) {
            return new Current(row.get().rank(), row.get().levelName(), row.get().enteredAt(), row.get().resetsAt());
        }
        TierSystem system = program.tierSystem();
        if (!member.optedIn()) {
            return unenrolled(system, member);
        }
        TierLevel start = ranked(system).stream().filter(l -> l.threshold() != null && l.threshold() == 0).findFirst().orElseThrow();
        return new Current(start.rank(), start.name(), member.createdAt(), null);
    }

    private static Current unenrolled(TierSystem system, Member member) {
        return ranked(system).stream().filter(l -> l.rank() == 0).findFirst()
                .map(l -> new Current(0, l.name(), member.createdAt(), null))
                .orElse(new Current(0, "", member.createdAt(), null));
    }

    private static List<TierLevel> ranked(TierSystem system) {
        return system.levels().stream().sorted(Comparator.comparingInt(TierLevel::rank)).toList();
    }

    /** The highest level whose threshold {@code points} meet. */
    static Optional<TierLevel> best(TierSystem system, long points) {
        return ranked(system).stream().filter(l -> l.threshold() != null && l.threshold() <= points)
                .max(Comparator.comparingInt(TierLevel::rank));
    }

    /** When a level earned in {@code year} ends: never, or the start of the year after next, in the program's zone. */
    static Instant resetsAt(TierLevel level, int year, ZoneId zone) {
        return level.expires() == TierExpiry.END_OF_FOLLOWING_CALENDAR_YEAR
                ? LocalDate.of(year + 2, 1, 1).atStartOfDay(zone).toInstant()
                : null;
    }

    private record Current(int rank, String name, Instant enteredAt, Instant resetsAt) {}
}
