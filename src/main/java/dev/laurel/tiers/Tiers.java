package dev.laurel.tiers;

import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.PointsActivated;
import dev.laurel.ledger.PointsBecameActive;
import dev.laurel.members.Member;
import dev.laurel.members.MemberId;
import dev.laurel.members.MemberOptInChanged;
import dev.laurel.members.Members;
import dev.laurel.programs.DefinitionPolicies;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Program.QualificationPeriod;
import dev.laurel.programs.Program.TierDowngrade;
import dev.laurel.programs.Program.TierLevel;
import dev.laurel.programs.Program.TierSystem;
import dev.laurel.programs.Programs;
import dev.laurel.tiers.internal.TierStore;
import dev.laurel.timeline.Timeline;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntToLongFunction;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tiers. A member not opted in is in the rank-0 level; an opted-in member starts in the lowest level with threshold 0.
 * Tier points are one number: the balance of the tier-qualifying account. They count over the definition's
 * qualification period: on {@code CALENDAR_YEAR} the year the points became active in (program zone), after which the
 * tier-period sweep expires what the year's points still hold, one entry per member ({@link #PERIOD_END_SOURCE}); on
 * {@code ROLLING_MONTHS} each earning expires that many months after it was earned, as any expiring points do. The
 * moment qualifying points become active, a member moves up to the highest level whose threshold the balance meets; a
 * return never moves anyone down. When a level ends ({@code END_OF_FOLLOWING_CALENDAR_YEAR}: the start of the year after
 * next, counted from the year it was earned), the reset sweep keeps the level (re-qualified) if the period just ended
 * earned it, or moves the member to the level that period earned: on a calendar year, the points it closed with, which
 * is why a member's level is decided only once their ended period is closed. A level may instead end
 * {@code MONTHS_AFTER_ENTRY} months after the member entered (or last kept) it, and a {@code ONE_LEVEL} downgrade moves
 * the member at most one level down.
 */
@Service
public class Tiers {

    public static final int HISTORY_LIMIT_MAX = 500;
    public static final String EVENT_TIER_CHANGED = "tier_changed";
    /** The source of the entry that ends a calendar-year qualification period: the points of the year stop counting. */
    public static final String PERIOD_END_SOURCE = "TierPeriodEnd";

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
        return status(program, member, ledger.balances(programId, system.qualifyingPointDefinition(), Set.of(memberId)).get(memberId));
    }

    /**
     * As {@link #status(String, UUID)}, for a caller that has already read the member and the balances of its accounts
     * ({@code balanceOf}: a definition id to its balance, 0 for none): a search that answers with points and tier reads
     * each once. Tier points are the balance of the tier-qualifying definition, chosen here.
     */
    public Optional<TierStatus> status(Program program, Member member, IntToLongFunction balanceOf) {
        TierSystem system = program.tierSystem();
        if (system == null) {
            return Optional.empty();
        }
        return status(program, member, balanceOf.applyAsLong(system.qualifyingPointDefinition()));
    }

    private Optional<TierStatus> status(Program program, Member member, long tierPoints) {
        TierSystem system = program.tierSystem();
        if (system == null) {
            return Optional.empty();
        }
        String programId = program.id();
        UUID memberId = member.id().value();
        Current current = current(program, member, store.find(programId, memberId, false));
        Optional<TierLevel> next = ranked(system).stream().filter(l -> l.rank() > current.rank() && l.threshold() != null).findFirst();
        Optional<TierLevel> held = level(system, current.rank());
        return Optional.of(new TierStatus(system.name(), current.name(), current.rank(), current.enteredAt(), current.resetsAt(),
                tierPoints, next.map(TierLevel::name).orElse(null), next.map(TierLevel::rank).orElse(null),
                next.map(TierLevel::threshold).orElse(null),
                calendarYear(program) ? yearEnd(clock.instant(), program.timezone()) : null,
                held.map(TierLevel::benefits).orElse(List.of()), held.map(TierLevel::earningMultiplier).orElse(null)));
    }

    /**
     * The level {@code member} holds now, as the program defines it (its benefits, its earning multiplier); empty when
     * the program has no tier system or no longer has the member's level. Reads one row; joins the caller's transaction.
     */
    public Optional<TierLevel> heldLevel(Program program, Member member) {
        TierSystem system = program.tierSystem();
        if (system == null) {
            return Optional.empty();
        }
        return level(system, current(program, member, store.find(program.id(), member.id().value(), false)).rank());
    }

    public List<TierChange> history(String programId, UUID memberId, int limit) {
        members.get(programId, MemberId.of(memberId));
        return store.history(programId, memberId, Math.min(limit, HISTORY_LIMIT_MAX));
    }

    /**
     * Qualifying points that became active may move their member up, on the balance after them. On a calendar year
     * they open the member's period (the year of their {@code at}); a period of theirs that has ended by now and is
     * still open (the sweep has not reached it) is closed first, so that the balance that decides is this period's only.
     * That may be the period of these very points, when they became active in a year that has ended (escrow over on 2
     * December, settled in January): the close counts them for that year, and decides what they earn there.
     */
    @EventListener
    void pointsActivated(PointsActivated activated) {
        Program program = programs.get(activated.programId());
        TierSystem system = program.tierSystem();
        if (system == null) {
            return;
        }
        List<PointsBecameActive> qualifying = activated.activations().stream()
                .filter(e -> e.definitionId() == system.qualifyingPointDefinition()).toList();
        if (qualifying.isEmpty()) {
            return;
        }
        Map<UUID, Instant> latest = new LinkedHashMap<>();
        qualifying.forEach(e -> latest.merge(e.memberId(), e.at(), (a, b) -> b.isAfter(a) ? b : a));
        if (calendarYear(program)) {
            Instant now = clock.instant();
            List<TierStore.Period> ended = store.openPeriods(program.id(), qualifying.stream().map(PointsBecameActive::memberId).toList(),
                    qualifying.stream().map(e -> yearEnd(e.at(), program.timezone())).toList(),
                    qualifying.stream().map(e -> now).toList());
            // A period another node is closing right now: its balance still mixes two years, so it decides nothing
            // here; that node looks at the new year's points once it has closed the old one.
            Set<UUID> left = closeAll(program, ended);
            left.forEach(latest::remove);
            // Points whose own period was closed just now were decided by the close; what the balance holds now is
            // later points', decided when they became active.
            ended.stream().filter(p -> !left.contains(p.memberId()) && latest.containsKey(p.memberId())
                    && latest.get(p.memberId()).isBefore(p.endsAt())).forEach(p -> latest.remove(p.memberId()));
        }
        if (latest.isEmpty()) {
            return;
        }
        Map<UUID, Long> balances = ledger.balances(program.id(), system.qualifyingPointDefinition(), latest.keySet());
        latest.forEach((memberId, at) -> upgrade(program, memberId, balances.get(memberId), at));
    }

    /** Moves an opted-in member up to the highest level {@code points} reach, if that is above their level; never down. */
    private void upgrade(Program program, UUID memberId, long points, Instant at) {
        TierSystem system = program.tierSystem();
        Optional<TierLevel> best = best(system, points);
        if (best.isEmpty() || best.get().threshold() == 0) {
            // An opted-in member is in the threshold-0 level or above already.
            return;
        }
        Member member = members.get(program.id(), MemberId.of(memberId));
        if (!member.optedIn()) {
            return;
        }
        Current current = current(program, member, store.find(program.id(), memberId, true));
        if (best.get().rank() > current.rank()) {
            int year = LocalDate.ofInstant(at, program.timezone()).getYear();
            move(program, memberId, current, best.get(), at, at, resetsAt(best.get(), year, at, program.timezone()), "UPGRADED", points);
        }
    }

    /**
     * The tier-period sweep's work: up to {@code membersMax} members' calendar-year periods that have ended are closed,
     * each with one {@link #PERIOD_END_SOURCE} entry expiring what the period's points still hold. Returns how many.
     */
    public long closeEndedPeriods(Optional<String> programId, int membersMax) {
        Long done = tx.execute(status -> {
            Instant now = clock.instant();
            List<TierStore.Period> ended = store.claimEndedPeriods(programId, now, membersMax);
            Map<String, List<TierStore.Period>> byProgram = new LinkedHashMap<>();
            ended.forEach(p -> byProgram.computeIfAbsent(p.programId(), id -> new ArrayList<>()).add(p));
            byProgram.forEach((id, periods) -> {
                Program program = programs.get(id);
                closeAll(program, periods);
                // Points of the new year that became active while the old one was being closed elsewhere decided nothing then.
                TierSystem system = program.tierSystem();
                if (system != null) {
                    Set<UUID> closed = new LinkedHashSet<>();
                    periods.forEach(p -> closed.add(p.memberId()));
                    ledger.balances(id, system.qualifyingPointDefinition(), closed).forEach((memberId, points) -> upgrade(program, memberId, points, now));
                }
            });
            return (long) ended.size();
        });
        return done == null ? 0 : done;
    }

    /**
     * Closes periods of one program, earliest end first, one ledger call for the members of each end; returns the
     * members of those it left to another transaction that is closing them.
     */
    private Set<UUID> closeAll(Program program, List<TierStore.Period> periods) {
        Map<Instant, List<UUID>> byEnd = new TreeMap<>();
        periods.forEach(p -> byEnd.computeIfAbsent(p.endsAt(), e -> new ArrayList<>()).add(p.memberId()));
        Set<UUID> left = new LinkedHashSet<>();
        byEnd.forEach((endsAt, memberIds) -> {
            List<UUID> closed = close(program, endsAt, memberIds);
            memberIds.stream().filter(m -> !closed.contains(m)).forEach(left::add);
        });
        return left;
    }

    /**
     * Ends the members' periods ending at {@code endsAt} (those no other transaction is closing; returned): what points
     * that became active before it still hold expires, and the period keeps that number. A member those points would
     * have moved up but nothing did (their last points became active only when the period was closed) moves up now,
     * as of the period's last moment.
     */
    private List<UUID> close(Program program, Instant endsAt, List<UUID> memberIds) {
        // Marked closed first: what the ledger's events cause below must not close these periods again.
        List<UUID> closing = store.claimForClosing(program.id(), endsAt, memberIds, clock.instant());
        TierSystem system = program.tierSystem();
        if (closing.isEmpty() || system == null || !calendarYear(program)) {
            return closing;
        }
        ZoneId zone = program.timezone();
        Instant last = endsAt.minusNanos(1000);
        int year = LocalDate.ofInstant(last, zone).getYear();
        PointDefinition definition = program.definition(system.qualifyingPointDefinition()).orElseThrow();
        Map<UUID, Long> points = ledger.expireActiveBefore(program.id(), DefinitionPolicies.of(program, definition), closing, endsAt,
                PERIOD_END_SOURCE, "Tier qualification period " + year + " ended");
        store.closedWith(program.id(), endsAt, closing, points);
        points.forEach((memberId, total) -> upgrade(program, memberId, total, last));
        return closing;
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
            int year = LocalDate.ofInstant(e.at(), program.timezone()).getYear();
            long points = tierPoints(program, e.memberId());
            TierLevel level = onOptIn(system, true, points).orElseThrow();
            move(program, e.memberId(), before, level, e.at(), e.at(), resetsAt(level, year, e.at(), program.timezone()), "OPTED_IN", points);
        } else {
            Optional<TierLevel> out = onOptIn(system, false, 0);
            if (out.isPresent()) {
                move(program, e.memberId(), before, out.get(), e.at(), e.at(), null, "OPTED_OUT", 0);
            }
        }
    }

    /**
     * The level that opting the member in ({@code optedIn}) or out would put them in, as it would be decided now, for a
     * page to say so before the operator confirms; empty when the program has no tier system, or on opting out when it
     * has no rank-0 level (the level then stays as it is).
     */
    public Optional<String> levelOnOptIn(String programId, UUID memberId, boolean optedIn) {
        Program program = programs.get(programId);
        TierSystem system = program.tierSystem();
        if (system == null) {
            return Optional.empty();
        }
        return onOptIn(system, optedIn, optedIn ? tierPoints(program, memberId) : 0).map(TierLevel::name);
    }

    /** Opting in enters the base level (threshold 0), or a higher one the tier points already meet; opting out, rank 0. */
    private static Optional<TierLevel> onOptIn(TierSystem system, boolean optedIn, long points) {
        if (!optedIn) {
            return ranked(system).stream().filter(l -> l.rank() == 0).findFirst();
        }
        TierLevel start = ranked(system).stream().filter(l -> l.threshold() != null && l.threshold() == 0).findFirst().orElseThrow();
        return Optional.of(best(system, points).filter(b -> b.rank() > start.rank()).orElse(start));
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
            move(program, memberId, before, level, now, now, resetsAt(level, year, now, program.timezone()), "IMPORTED",
                    tierPoints(program, memberId));
        });
    }

    /**
     * The reset sweep's work: members whose level has ended are re-evaluated on the period just ended (on a calendar
     * year, the points it closed with; on rolling months, the balance), or on the points of the period since, if those
     * already reach higher.
     */
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
                long since = tierPoints(program, row.memberId());
                long closed = calendarYear(program) ? store.closedPoints(row.programId(), row.memberId(), row.resetsAt()) : since;
                // Points of the period since that reach higher would have moved the member up already, had they not been there.
                boolean sinceHigher = since > closed;
                long points = Math.max(closed, since);
                int year = LocalDate.ofInstant(sinceHigher ? now : row.resetsAt().minusNanos(1), zone).getYear();
                TierLevel start = ranked(system).stream().filter(l -> l.threshold() != null && l.threshold() == 0).findFirst().orElseThrow();
                TierLevel earned = afterEnd(system, row.rank(), best(system, points).orElse(start));
                // A level kept starts a new term when the old one ends (MONTHS_AFTER_ENTRY counts from there).
                if (earned.rank() >= row.rank()) {
                    move(program, row.memberId(), current, earned, row.resetsAt(), earned.rank() == row.rank() ? row.enteredAt() : row.resetsAt(),
                            resetsAt(earned, year, row.resetsAt(), zone), earned.rank() == row.rank() ? "REQUALIFIED" : "UPGRADED", points);
                } else {
                    move(program, row.memberId(), current, earned, row.resetsAt(), row.resetsAt(), resetsAt(earned, year, row.resetsAt(), zone),
                            "DOWNGRADED", points);
                }
            }
            return (long) ended.size();
        });
        return done == null ? 0 : done;
    }

    private long tierPoints(Program program, UUID memberId) {
        return ledger.balances(program.id(), program.tierSystem().qualifyingPointDefinition(), Set.of(memberId)).get(memberId);
    }

    private static boolean calendarYear(Program program) {
        TierSystem system = program.tierSystem();
        QualificationPeriod period = system == null ? null
                : program.definition(system.qualifyingPointDefinition()).map(PointDefinition::qualificationPeriod).orElse(null);
        return period != null && period.calendarYear();
    }

    /** When the calendar year of {@code at} ends, in {@code zone}. */
    static Instant yearEnd(Instant at, ZoneId zone) {
        return LocalDate.of(LocalDate.ofInstant(at, zone).getYear() + 1, 1, 1).atStartOfDay(zone).toInstant();
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

    /**
     * When a level earned in {@code year} and entered (or kept) at {@code termStart} ends: never, the start of the year
     * after next, or {@code expiresMonths} months after {@code termStart}, in the program's zone.
     */
    static Instant resetsAt(TierLevel level, int year, Instant termStart, ZoneId zone) {
        return switch (level.expires()) {
            case NEVER -> null;
            case END_OF_FOLLOWING_CALENDAR_YEAR -> LocalDate.of(year + 2, 1, 1).atStartOfDay(zone).toInstant();
            case MONTHS_AFTER_ENTRY -> termStart.atZone(zone).plusMonths(level.expiresMonths()).toInstant();
        };
    }

    /**
     * Where a member whose level of {@code rank} has ended goes, given the level their points {@code earned}: there,
     * unless that is lower and the ending level's downgrade (else the system's) is {@code ONE_LEVEL}: then at most one
     * level down (the next lower level members can qualify for).
     */
    static TierLevel afterEnd(TierSystem system, int rank, TierLevel earned) {
        if (earned.rank() >= rank) {
            return earned;
        }
        TierDowngrade downgrade = level(system, rank).map(system::downgradeOf).orElse(system.downgrade());
        if (downgrade == TierDowngrade.TO_EARNED) {
            return earned;
        }
        return ranked(system).stream().filter(l -> l.threshold() != null && l.rank() < rank && l.rank() > earned.rank())
                .max(Comparator.comparingInt(TierLevel::rank)).orElse(earned);
    }

    /** The program's level of {@code rank}, if it still has one. */
    private static Optional<TierLevel> level(TierSystem system, int rank) {
        return system.levels().stream().filter(l -> l.rank() == rank).findFirst();
    }

    private record Current(int rank, String name, Instant enteredAt, Instant resetsAt) {}
}
