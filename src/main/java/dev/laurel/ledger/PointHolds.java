package dev.laurel.ledger;

import dev.laurel.ledger.internal.AccountState;
import dev.laurel.ledger.internal.HoldStore;
import dev.laurel.ledger.internal.Holding;
import dev.laurel.ledger.internal.Work;
import dev.laurel.ledger.internal.Works;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntFunction;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Points held at the till, in the ledger: a hold takes points from the member's active lots (earliest-expiring first,
 * never into debt) out of the spendable balance into the account's {@code held}; a capture keeps all or some of them
 * as spent and gives the rest back; a void (or the sweep, once {@code expiresAt} has passed) gives them all back, to
 * exactly the lots they came from. Every change runs under the account's row lock, so a capture and a void of one hold
 * are ordered: the first wins, the second finds the hold closed ({@link HoldNotPending}).
 */
@Service
public class PointHolds {

    /** The source of every HOLD and RELEASE entry. */
    public static final String SOURCE = "Hold";
    public static final int PAGE_LIMIT_MAX = 200;

    private final HoldStore store;
    private final Works works;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    PointHolds(HoldStore store, Works works, TransactionTemplate tx, Clock clock, ApplicationEventPublisher events) {
        this.store = store;
        this.works = works;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Holds {@code points} of the member's account of {@code policy}'s definition until {@code expiresAt}, or refuses
     * with {@link InsufficientPoints} (held points are never taken on as debt) and writes nothing.
     */
    public HoldChange place(String programId, UUID memberId, DefinitionPolicy policy, long points, Instant expiresAt, String description,
            String reference) {
        if (points <= 0) {
            throw new IllegalArgumentException("a hold takes a positive number of points, not " + points);
        }
        return tx.execute(status -> {
            Work work = works.begin(programId, memberId, Map.of(policy.definitionId(), policy));
            if (!expiresAt.isAfter(work.now)) {
                throw new IllegalArgumentException("a hold must expire after now, not at " + expiresAt);
            }
            work.loadDue();
            work.settleDue();
            PostedEntry entry = Holding.place(work, policy, points, SOURCE, description, reference);
            works.flush(work);
            Hold hold = new Hold(UUID.randomUUID(), memberId, policy.definitionId(), points, HoldStatus.PENDING, null, false, reference,
                    description, work.now, expiresAt, null, entry.entry().id(), null);
            store.insert(programId, hold);
            events.publishEvent(new HoldPlaced(programId, hold));
            return new HoldChange(hold, entry);
        });
    }

    public Optional<Hold> find(String programId, UUID holdId) {
        return store.find(programId, holdId);
    }

    /**
     * Captures {@code points} of a pending hold (null: all of them), giving the rest back: {@link HoldNotPending} when
     * it was captured or voided first, {@link HoldExpired} after its {@code expiresAt}, {@link CaptureExceedsHold} for
     * more than it holds. {@code policies} gives the policy of the hold's definition.
     */
    public HoldChange capture(String programId, UUID holdId, Long points, IntFunction<DefinitionPolicy> policies) {
        return close(programId, holdId, policies, points == null ? Closing.CAPTURE_ALL : Closing.CAPTURE, points == null ? 0 : points);
    }

    /** Voids a pending hold, giving all its points back: {@link HoldNotPending} when it was captured or voided first. */
    public HoldChange voidHold(String programId, UUID holdId, IntFunction<DefinitionPolicy> policies) {
        return close(programId, holdId, policies, Closing.VOID, 0);
    }

    private enum Closing { CAPTURE, CAPTURE_ALL, VOID }

    private HoldChange close(String programId, UUID holdId, IntFunction<DefinitionPolicy> policies, Closing closing, long points) {
        return tx.execute(status -> {
            Hold found = store.find(programId, holdId).orElseThrow(() -> new HoldNotFound(holdId.toString()));
            DefinitionPolicy policy = policies.apply(found.definitionId());
            Work work = works.begin(programId, found.memberId(), Map.of(found.definitionId(), policy));
            // Read again under the account's lock: a capture or void that held the lock first has closed it.
            Hold hold = store.find(programId, holdId).orElseThrow();
            if (hold.status() != HoldStatus.PENDING) {
                throw new HoldNotPending(hold);
            }
            long captured = closing == Closing.VOID ? 0 : closing == Closing.CAPTURE_ALL ? hold.points() : points;
            if (closing != Closing.VOID && !work.now.isBefore(hold.expiresAt())) {
                throw new HoldExpired(hold);
            }
            if (closing == Closing.CAPTURE && (captured <= 0 || captured > hold.points())) {
                throw new CaptureExceedsHold(hold, captured);
            }
            work.loadDue();
            work.settleDue();
            String description = closing == Closing.VOID ? "Hold voided"
                    : captured == hold.points() ? "Hold captured" : "Hold captured: " + captured + " of " + hold.points() + " points";
            PostedEntry release = Holding.close(work, hold.definitionId(), hold.entryId(), hold.points(), captured, SOURCE, description,
                    hold.reference());
            works.flush(work);
            Hold closed = closeRow(programId, hold, closing == Closing.VOID ? HoldStatus.VOID : HoldStatus.CLAIMED,
                    closing == Closing.VOID ? null : captured, release, false, work.now);
            events.publishEvent(closing == Closing.VOID ? new HoldVoided(programId, closed) : new HoldCaptured(programId, closed));
            return new HoldChange(closed, release);
        });
    }

    private Hold closeRow(String programId, Hold hold, HoldStatus status, Long captured, PostedEntry release, boolean expired, Instant now) {
        UUID releaseId = release == null ? null : release.entry().id();
        if (!store.close(programId, hold, status, captured, releaseId, expired, now)) {
            throw new IllegalStateException("hold " + hold.id() + " was closed by another transaction under its account's lock");
        }
        return closed(hold, status, captured, releaseId, expired, now);
    }

    /** The member's holds, newest first, optionally of one status. */
    public HoldPage page(String programId, UUID memberId, HoldStatus status, HoldPage.Position after, int limit) {
        if (limit < 1 || limit > PAGE_LIMIT_MAX) {
            throw new IllegalArgumentException("limit must be 1 to " + PAGE_LIMIT_MAX);
        }
        List<Hold> found = store.page(programId, memberId, status, after, limit + 1);
        boolean more = found.size() > limit;
        List<Hold> page = more ? found.subList(0, limit) : found;
        Hold last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new HoldPage(page, more ? new HoldPage.Position(last.createdAt(), last.id()) : null);
    }

    /**
     * Voids the pending holds whose {@code expiresAt} has passed, on up to {@code accountsMax} accounts not locked by
     * another transaction (so any number of nodes may run it); returns the number of holds voided. Set-based, as the
     * activation sweep: per program one read of the due lots, one of the due holds, one of what they hold, then one
     * statement per table for all of them.
     */
    public long voidDue(Optional<String> programId, int accountsMax) {
        return tx.execute(status -> {
            Instant now = clock.instant();
            UUID txId = UUID.randomUUID();
            Map<String, List<AccountState>> byProgram = new TreeMap<>();
            store.claimAccountsWithDueHolds(programId, now, accountsMax)
                    .forEach(a -> byProgram.computeIfAbsent(a.programId, p -> new ArrayList<>()).add(a));
            long voided = 0;
            for (Map.Entry<String, List<AccountState>> claimed : byProgram.entrySet()) {
                voided += voidDue(claimed.getKey(), claimed.getValue(), now, txId);
            }
            return voided;
        });
    }

    private long voidDue(String programId, List<AccountState> accounts, Instant now, UUID txId) {
        // Releases need no expiry policy (they give back to lots that carry their own dates) and never go negative.
        List<Work> settling = works.settlingAll(accounts, now, txId);
        Map<UUID, Work> byMember = new HashMap<>();
        settling.forEach(w -> byMember.put(w.memberId, w));
        settling.forEach(Work::settleDue);
        List<Hold> due = store.due(programId, accounts.stream().map(a -> a.memberId).toList(),
                accounts.stream().map(a -> a.definitionId).toList(), now);
        works.readHeld(programId, byMember, due.stream().map(Hold::memberId).toList(), due.stream().map(Hold::entryId).toList());
        List<UUID> releases = new ArrayList<>();
        for (Hold hold : due) {
            PostedEntry release = Holding.close(byMember.get(hold.memberId()), hold.definitionId(), hold.entryId(), hold.points(), 0,
                    SOURCE, "Hold not captured before " + hold.expiresAt() + ": voided", hold.reference());
            releases.add(release == null ? null : release.entry().id());
        }
        works.flushAll(settling);
        int closed = store.expireAll(programId, due, releases, now);
        if (closed != due.size()) {
            throw new IllegalStateException("closed " + closed + " of " + due.size() + " due holds under their accounts' locks");
        }
        for (int i = 0; i < due.size(); i++) {
            events.publishEvent(new HoldVoided(programId, closed(due.get(i), HoldStatus.VOID, null, releases.get(i), true, now)));
        }
        return due.size();
    }

    private static Hold closed(Hold hold, HoldStatus status, Long captured, UUID releaseId, boolean expired, Instant now) {
        return new Hold(hold.id(), hold.memberId(), hold.definitionId(), hold.points(), status, captured, expired, hold.reference(),
                hold.description(), hold.createdAt(), hold.expiresAt(), now, hold.entryId(), releaseId);
    }
}
