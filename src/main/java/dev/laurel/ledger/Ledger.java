package dev.laurel.ledger;

import dev.laurel.ledger.EntryPage.LogPosition;
import dev.laurel.ledger.internal.AccountKey;
import dev.laurel.ledger.internal.AccountState;
import dev.laurel.ledger.internal.CommitLanes;
import dev.laurel.ledger.internal.LedgerChecks;
import dev.laurel.ledger.internal.LedgerStore;
import dev.laurel.ledger.internal.Work;
import dev.laurel.ledger.internal.Works;
import dev.laurel.platform.Transactions;
import dev.laurel.platform.WriteBehind;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The points ledger: applies postings as immutable entries and lots, keeps each account's cached
 * figures equal to them, and reverses, activates and expires. Each call is one transaction over
 * one member's accounts, locked in definition order; a write that PostgreSQL gives up on a deadlock
 * or serialization failure runs again ({@link Transactions}).
 */
@Service
public class Ledger {

    public static final int POSTINGS_MAX = 1000;
    /**
     * The most points (either way) any figure of an account may reach: balance and pending together, debt, lifetime
     * earned, spent and expired. 10^16 is far past any loyalty program, and even a program's hundred definitions summed
     * (a member's totals) stay well inside a {@code long}. A posting that would pass it is {@link PointsOverflow}.
     */
    public static final long POINTS_MAX = 10_000_000_000_000_000L;
    public static final int LOG_LIMIT_MAX = 500;
    public static final String EXPIRY_SOURCE = "Expiry";
    /** The source of the entry that expires what an account kept through a time without earning or spending. */
    public static final String INACTIVITY_SOURCE = "Inactivity";
    public static final int INACTIVITY_MONTHS_MAX = 120;

    private static final Logger log = LoggerFactory.getLogger(Ledger.class);

    private final LedgerStore store;
    private final LedgerChecks checks;
    private final Works works;
    private final TransactionTemplate tx;
    private final Transactions writes;
    private final Clock clock;
    private final WriteBehind behind;
    private final CommitLanes<Lane, Queued> lanes = new CommitLanes<>();

    Ledger(LedgerStore store, LedgerChecks checks, Works works, TransactionTemplate tx, Transactions writes, Clock clock, WriteBehind behind) {
        this.behind = behind;
        this.store = store;
        this.checks = checks;
        this.works = works;
        this.tx = tx;
        this.writes = writes;
        this.clock = clock;
    }

    /**
     * Applies postings for one member atomically: all of them or, on {@link InsufficientPoints},
     * none. Entries come back in the order of the postings. A single posting outside a transaction
     * may be committed together with other requests' postings on the same member (see
     * {@link #post(String, Posting, Object, AlsoWritten)}); it keeps its own transaction and outcome.
     */
    public LedgerTransaction post(String programId, List<Posting> postings) {
        if (postings.isEmpty() || postings.size() > POSTINGS_MAX) {
            throw new IllegalArgumentException("post takes 1 to " + POSTINGS_MAX + " postings, got " + postings.size());
        }
        UUID memberId = postings.get(0).memberId();
        if (postings.stream().anyMatch(p -> !p.memberId().equals(memberId))) {
            throw new IllegalArgumentException("one ledger transaction touches one member");
        }
        if (postings.size() == 1) {
            return post(programId, postings.get(0), null, null);
        }
        return writes.write(status -> behind.collect(() -> postInTransaction(programId, postings)));
    }

    /** What a caller writes with each of its postings, in the same database transaction. */
    @FunctionalInterface
    public interface AlsoWritten<C, T> {
        /**
         * Writes what goes with each posted transaction ({@code posted.get(i)} is the posting of {@code contexts.get(i)}),
         * for all of them at once, and returns the result of each, in the same order. Called once per group commit with
         * the postings that succeeded; it must be the same instance for every call that may be combined (a field, not a
         * new lambda per call).
         */
        List<T> write(String programId, List<C> contexts, List<LedgerTransaction> posted);
    }

    /**
     * Applies one posting and, in the same transaction, what {@code also} writes with it ({@code null}: nothing, and the
     * result is the {@link LedgerTransaction}). Inside a caller's transaction it joins that. Outside one, it is a group
     * commit: when another posting on the same member is being committed, this one waits and is committed with the
     * others queued meanwhile (up to {@link CommitLanes#BATCH_ITEMS_MAX}), in one database transaction with one statement
     * per table; else it is committed at once. Each posting still has its own ledger transaction, entry and result;
     * one that fails (overdraws, overflows) fails alone with its own error; when the combined commit itself fails, each
     * posting runs again alone, so no posting answers for another's failure.
     */
    @SuppressWarnings("unchecked")
    public <C, T> T post(String programId, Posting posting, C context, AlsoWritten<C, T> also) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return alone(programId, posting, context, also);
        }
        Queued queued = new Queued(posting, context, (AlsoWritten<Object, Object>) also);
        Optional<CommitLanes.Batch<Lane, Queued>> batch = lanes.enter(new Lane(programId, posting.memberId()), queued);
        if (batch.isPresent()) {
            try {
                commit(programId, batch.get().items());
            } finally {
                lanes.leave(batch.get());
            }
        }
        if (queued.failure != null) {
            throw queued.failure;
        }
        if (queued.committed) {
            return (T) queued.result;
        }
        // The combined commit failed (not this posting): it runs again alone, and what happens to it is its own.
        return alone(programId, posting, context, also);
    }

    /** How many postings on the member wait for a group commit in flight to end (for operators and tests). */
    public int waitingPostings(String programId, UUID memberId) {
        return lanes.waiting(new Lane(programId, memberId));
    }

    private LedgerTransaction postInTransaction(String programId, List<Posting> postings) {
        UUID memberId = postings.get(0).memberId();
        Map<Integer, DefinitionPolicy> policies = new TreeMap<>();
        postings.forEach(p -> policies.put(p.definition().definitionId(), p.definition()));
        Work work = works.begin(programId, memberId, policies);
        boolean spends = postings.stream().anyMatch(p -> p.amount() < 0);
        if (spends) {
            work.loadDue();
            work.settleDue();
        }
        List<PostedEntry> posted = new ArrayList<>();
        for (Posting p : postings) {
            posted.add(p.amount() > 0 ? work.earn(p) : work.spend(p));
        }
        works.flush(work);
        return new LedgerTransaction(work.txId(), work.now, posted);
    }

    @SuppressWarnings("unchecked")
    private <C, T> T alone(String programId, Posting posting, C context, AlsoWritten<C, T> also) {
        return writes.write(status -> behind.collect(() -> {
            LedgerTransaction posted = postInTransaction(programId, List.of(posting));
            return also == null ? (T) posted : also.write(programId, List.of(context), List.of(posted)).get(0);
        }));
    }

    /** A group commit's lane: one member of one program (postings of different members are never combined). */
    private record Lane(String programId, UUID memberId) {}

    /** A posting waiting in its lane, and its outcome once a commit has set it. */
    private static final class Queued {
        final Posting posting;
        final Object context;
        final AlsoWritten<Object, Object> also;
        Object result;
        RuntimeException failure;
        boolean committed;

        Queued(Posting posting, Object context, AlsoWritten<Object, Object> also) {
            this.posting = posting;
            this.context = context;
            this.also = also;
        }

        void reset() {
            result = null;
            failure = null;
            committed = false;
        }
    }

    /**
     * Commits a lane's batch and sets each posting's outcome. A batch of one is the single posting's own transaction.
     * A posting that fails in the middle of changing the work is taken out and the others start again without it
     * (at most once per posting); a failure of the database transaction itself leaves every outcome unset, and each
     * posting then runs alone on its own thread.
     */
    private void commit(String programId, List<Queued> batch) {
        if (batch.size() == 1) {
            Queued q = batch.get(0);
            try {
                q.result = alone(programId, q.posting, q.context, q.also);
                q.committed = true;
            } catch (RuntimeException e) {
                q.failure = e;
            }
            return;
        }
        List<Queued> left = new ArrayList<>(batch);
        try {
            for (int round = 0; round < batch.size() && !left.isEmpty(); round++) {
                Queued faulty = writes.write(status -> behind.collect(() -> commitTogether(programId, left, status)));
                if (faulty == null) {
                    return;
                }
                left.remove(faulty);
            }
        } catch (RuntimeException e) {
            log.warn("a group commit of {} postings failed, each runs again alone: {}", left.size(), e.toString());
            left.forEach(Queued::reset);
        }
    }

    /**
     * One database transaction over the member's accounts for all of {@code batch}: each posting its own ledger
     * transaction in one work, written with one statement per table. Returns null when done, or the posting that
     * failed part way (the transaction is then rolled back, to run again without it).
     */
    private Queued commitTogether(String programId, List<Queued> batch, TransactionStatus status) {
        batch.forEach(Queued::reset);
        Map<Integer, DefinitionPolicy> policies = new TreeMap<>();
        batch.forEach(q -> policies.put(q.posting.definition().definitionId(), q.posting.definition()));
        Work work = works.begin(programId, batch.get(0).posting.memberId(), policies);
        if (batch.stream().anyMatch(q -> q.posting.amount() < 0)) {
            work.loadDue();
            work.settleDue();
        }
        List<Queued> posted = new ArrayList<>();
        for (Queued q : batch) {
            work.nextTransaction();
            try {
                PostedEntry entry = q.posting.amount() > 0 ? work.earn(q.posting) : work.spend(q.posting);
                q.result = new LedgerTransaction(work.txId(), work.now, List.of(entry));
                posted.add(q);
            } catch (InsufficientPoints e) {
                q.failure = e; // refused before anything changed: the others go on
            } catch (DataAccessException e) {
                throw e; // the database's failure, not the posting's
            } catch (RuntimeException e) {
                q.failure = e;
                status.setRollbackOnly();
                return q;
            }
        }
        if (posted.isEmpty()) {
            status.setRollbackOnly();
            return null;
        }
        works.flush(work);
        Map<AlsoWritten<Object, Object>, List<Queued>> byWriter = new IdentityHashMap<>();
        posted.stream().filter(q -> q.also != null).forEach(q -> byWriter.computeIfAbsent(q.also, w -> new ArrayList<>()).add(q));
        byWriter.forEach((writer, group) -> {
            List<Object> results = writer.write(programId, group.stream().map(q -> q.context).toList(),
                    group.stream().map(q -> (LedgerTransaction) q.result).toList());
            if (results.size() != group.size()) {
                throw new IllegalStateException("wrote " + results.size() + " results for " + group.size() + " postings");
            }
            for (int i = 0; i < group.size(); i++) {
                group.get(i).result = results.get(i);
            }
        });
        posted.forEach(q -> q.committed = true);
        return null;
    }

    /**
     * Reverses an entry, wholly or {@code amount} of it: an earning's points are taken back (from
     * its own lot first, then from the balance), a spend's pay the account's debt first, if it has
     * one, and then go back to exactly the lots they came from. Expiries and reversals cannot be
     * reversed.
     */
    public PostedEntry reverse(String programId, UUID memberId, UUID entryId, Long amount, String source,
            String description, Actor actor, DefinitionPolicy policy) {
        return writes.write(status -> {
            Entry original = store.entry(programId, memberId, entryId).orElseThrow(() -> new EntryNotFound(entryId.toString()));
            if (original.definitionId() != policy.definitionId()) {
                throw new IllegalArgumentException("the policy is for definition " + policy.definitionId()
                        + ", the entry is on " + original.definitionId());
            }
            Work work = works.begin(programId, memberId, Map.of(policy.definitionId(), policy));
            long reversed = store.reversedSoFar(programId, memberId, entryId);
            if (original.kind() == EntryKind.EARN) {
                // What take-backs settled without taking points (expired, not recovered) is no longer open either.
                reversed = Math.addExact(reversed, store.settledWithoutTaking(programId, memberId, entryId));
            }
            long open = Math.abs(original.amount()) - reversed;
            long take = amount == null ? open : amount;
            if (original.kind() != EntryKind.EARN && original.kind() != EntryKind.SPEND) {
                throw new EntryNotReversible("A " + original.kind() + " entry cannot be reversed.");
            }
            if (take <= 0 || take > open) {
                throw new EntryNotReversible("Entry " + entryId + " has " + open + " points left to reverse; asked for " + take + ".");
            }
            work.loadDue();
            work.settleDue();
            PostedEntry posted = original.kind() == EntryKind.EARN
                    ? work.reverseEarning(original, take, source, description, actor)
                    : work.reverseSpend(original, take, source, description, actor);
            works.flush(work);
            return posted;
        });
    }

    /**
     * Takes {@code points} of an earning back where they are now (a return): first from the earning's own lot, pending or
     * active; then what the member already spent of it, from their other active points, or as debt (a balance below
     * zero) where {@code policy} allows a negative balance, else only as far as the balance covers (the rest is
     * reported not recovered, and stays so: points given back later to the earning's lot, by a hold released or a spend
     * reversed, are not taken then; a caller that must get them back passes a policy allowing negative, as a return
     * does); what expired of it is not taken again. Take-backs of one earning add up: each goes on
     * from where the earlier ones left its lot. More than is still open of the earning is {@link EntryNotReversible}.
     */
    public TakeBack takeBack(String programId, UUID memberId, UUID entryId, long points, String source, String description,
            Actor actor, DefinitionPolicy policy) {
        return writes.write(status -> {
            Entry original = store.entry(programId, memberId, entryId).orElseThrow(() -> new EntryNotFound(entryId.toString()));
            if (original.definitionId() != policy.definitionId()) {
                throw new IllegalArgumentException("the policy is for definition " + policy.definitionId()
                        + ", the entry is on " + original.definitionId());
            }
            if (original.kind() != EntryKind.EARN) {
                throw new EntryNotReversible("A " + original.kind() + " entry cannot be taken back; only an earning can.");
            }
            Work work = works.begin(programId, memberId, Map.of(policy.definitionId(), policy));
            long open = original.amount() - store.reversedSoFar(programId, memberId, entryId)
                    - store.settledWithoutTaking(programId, memberId, entryId);
            if (points <= 0 || points > open) {
                throw new EntryNotReversible("Entry " + entryId + " has " + open + " points left to take back; asked for " + points + ".");
            }
            work.loadDue();
            work.settleDue();
            TakeBack taken = work.takeBack(original, points, source, description, actor);
            works.flush(work);
            return taken;
        });
    }

    /**
     * Activates and expires what is due, for up to {@code accountsMax} accounts not held by
     * another transaction; returns the number of lots activated and expired.
     */
    public SettleReport settleDue(Optional<String> programId, int accountsMax) {
        return tx.execute(status -> {
            Instant now = clock.instant();
            return settle(store.claimDueAccounts(programId, now, accountsMax), now);
        });
    }

    /**
     * The keys of up to {@code accountsMax} accounts with lots due now, in key order: what one run of the points sweep
     * settles, a batch at a time with {@link #settleDue(List)}.
     */
    public List<AccountKey> dueAccounts(Optional<String> programId, int accountsMax) {
        return store.dueAccountKeys(programId, clock.instant(), accountsMax);
    }

    /**
     * Activates and expires what is due on these accounts, those not held by another transaction (left to a later
     * run), in one transaction; an account with nothing due any more (settled since it was found) is left as it is.
     */
    public SettleReport settleDue(List<AccountKey> accounts) {
        if (accounts.isEmpty()) {
            return new SettleReport(0, 0, 0);
        }
        return tx.execute(status -> settle(store.claimAccounts(accounts), clock.instant()));
    }

    private SettleReport settle(List<AccountState> claimed, Instant now) {
        UUID txId = UUID.randomUUID();
        Map<String, List<AccountState>> byProgram = new TreeMap<>();
        claimed.forEach(a -> byProgram.computeIfAbsent(a.programId, p -> new ArrayList<>()).add(a));
        long activated = 0;
        long expired = 0;
        // Per program: one statement reads (and, for most, activates) every due lot of its claimed accounts, then one
        // statement per table writes what they changed.
        for (List<AccountState> accounts : byProgram.values()) {
            int[] counts = works.settleAll(accounts, now, txId);
            activated += counts[0];
            expired += counts[1];
        }
        return new SettleReport(claimed.size(), activated, expired);
    }

    /** What one settle run did. */
    public record SettleReport(long accounts, long activated, long expired) {}

    /** The member's accounts that exist, with their active points by expiry date in {@code zone}. */
    public List<PointAccount> accounts(String programId, UUID memberId, ZoneId zone) {
        return accounts(programId, memberId, zone, true);
    }

    /**
     * The member's accounts that exist, their figures only: no points by expiry date (each account's list is empty),
     * so the member's lots are not read. For answers that show balances and not when points expire.
     */
    public List<PointAccount> accountsWithoutExpiry(String programId, UUID memberId) {
        return accounts(programId, memberId, ZoneOffset.UTC, false); // no dates to place in a zone
    }

    private List<PointAccount> accounts(String programId, UUID memberId, ZoneId zone, boolean withExpiry) {
        Map<Integer, List<Bucket>> expiring = new HashMap<>();
        for (Object[] row : withExpiry ? store.expiring(programId, memberId) : List.<Object[]>of()) {
            Instant at = (Instant) row[1];
            LocalDate date = at == null ? null : LocalDate.ofInstant(at, zone);
            List<Bucket> buckets = expiring.computeIfAbsent((Integer) row[0], d -> new ArrayList<>());
            if (!buckets.isEmpty() && Objects.equals(buckets.get(buckets.size() - 1).expirationDate(), date)) {
                Bucket last = buckets.remove(buckets.size() - 1);
                buckets.add(new Bucket(date, Math.addExact(last.points(), (Long) row[2])));
            } else {
                buckets.add(new Bucket(date, (Long) row[2]));
            }
        }
        return store.accounts(programId, memberId).stream().map(a -> new PointAccount(a.id, a.definitionId, a.balance,
                a.pending, a.held, a.lifetimeEarned, a.lifetimeSpent, a.expired, expiring.getOrDefault(a.definitionId, List.of()))).toList();
    }

    /** The balance (active points) of each member's account of the definition, one query for all; 0 for one without an account. */
    public Map<UUID, Long> balances(String programId, int definitionId, Set<UUID> memberIds) {
        Map<UUID, Long> found = memberIds.isEmpty() ? Map.of() : store.balances(programId, definitionId, memberIds);
        Map<UUID, Long> balances = new LinkedHashMap<>();
        memberIds.forEach(m -> balances.put(m, found.getOrDefault(m, 0L)));
        return balances;
    }

    /** The member's entries, newest first, optionally of one definition. */
    public EntryPage log(String programId, UUID memberId, Integer definitionId, LogPosition after, int limit) {
        return logOf(programId, memberId, definitionId == null ? null : Set.of(definitionId), after, limit);
    }

    /** The member's entries of the given definitions ({@code null}: of every definition), newest first. */
    public EntryPage logOf(String programId, UUID memberId, Set<Integer> definitionIds, LogPosition after, int limit) {
        if (limit < 1 || limit > LOG_LIMIT_MAX) {
            throw new IllegalArgumentException("limit must be 1 to " + LOG_LIMIT_MAX);
        }
        if (definitionIds != null && definitionIds.isEmpty()) {
            return new EntryPage(List.of(), null);
        }
        List<Entry> entries = store.log(programId, memberId, definitionIds, after, limit + 1);
        boolean more = entries.size() > limit;
        List<Entry> page = more ? entries.subList(0, limit) : entries;
        Entry last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new EntryPage(page, more ? new LogPosition(last.recordedAt(), last.definitionId(), last.seq()) : null);
    }

    public Optional<Entry> entry(String programId, UUID memberId, UUID entryId) {
        return store.entry(programId, memberId, entryId);
    }

    /** Recomputes every account of the program from its entries and lots. */
    public LedgerCheck check(String programId) {
        return tx.execute(status -> {
            var mismatches = checks.check(programId, LedgerCheck.DETAILS_MAX + 1);
            long count = mismatches.size() > LedgerCheck.DETAILS_MAX ? checks.countMismatches(programId) : mismatches.size();
            return new LedgerCheck(checks.countAccounts(programId), count,
                    mismatches.subList(0, Math.min(mismatches.size(), LedgerCheck.DETAILS_MAX)));
        });
    }

    /**
     * Applies postings for many members in one transaction, all or nothing, with batch statements.
     * Entries come back in the order of the postings.
     */
    public LedgerTransaction postMany(String programId, List<Posting> postings) {
        if (postings.isEmpty() || postings.size() > POSTINGS_MAX) {
            throw new IllegalArgumentException("postMany takes 1 to " + POSTINGS_MAX + " postings, got " + postings.size());
        }
        return writes.write(status -> behind.collect(() -> {
            Map<UUID, Work> byMember = works.beginMany(programId, postings, Posting::memberId, Posting::definition);
            works.readSpendable(programId, byMember, postings);
            List<PostedEntry> posted = new ArrayList<>();
            for (Posting p : postings) {
                Work work = byMember.get(p.memberId());
                posted.add(p.amount() > 0 ? work.earn(p) : work.spend(p));
            }
            works.flushAll(byMember.values());
            Work any = byMember.values().iterator().next();
            return new LedgerTransaction(any.txId(), any.now, posted);
        }));
    }

    /**
     * Locks the member's account of {@code policy}'s definition until the caller's transaction ends, after activating
     * and expiring what is due, and returns it: what the caller decides about this member while it holds the lock (a
     * per-member limit, whether they can afford something) is ordered with every other change of that account. Must
     * be called inside a transaction, which it joins.
     */
    public PointAccount lock(String programId, UUID memberId, DefinitionPolicy policy) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("lock needs the caller's transaction: on its own it would be released at once");
        }
        return tx.execute(status -> {
            Work work = works.begin(programId, memberId, Map.of(policy.definitionId(), policy));
            work.loadDue();
            work.settleDue();
            works.flush(work);
            AccountState a = work.account(policy.definitionId());
            return new PointAccount(a.id, a.definitionId, a.balance, a.pending, a.held, a.lifetimeEarned, a.lifetimeSpent, a.expired,
                    List.of());
        });
    }

    /**
     * Up to {@code limit} members, in member-id order after {@code after} (null: from the first), whose account of
     * the definition has a cached balance of at least {@code atLeast}: candidates for a cash-out. The cached balance
     * may still hold points due to expire; {@link #spendFromBalances} settles them first.
     */
    public List<UUID> membersWithBalance(String programId, int definitionId, long atLeast, UUID after, int limit) {
        if (limit < 1 || limit > POSTINGS_MAX) {
            throw new IllegalArgumentException("limit must be 1 to " + POSTINGS_MAX);
        }
        return store.membersWithBalance(programId, definitionId, atLeast, after, limit);
    }

    /**
     * For each member: locks their account of {@code policy}'s definition, activates and expires what is due, and
     * spends {@code amountOf(balance)} of the settled balance (nothing when it answers 0; never more than the balance),
     * with the member's {@code references} value as the entry's reference. Many members, one transaction, batch
     * statements; the entries by member, for the members it spent from.
     */
    public Map<UUID, PostedEntry> spendFromBalances(String programId, DefinitionPolicy policy, List<UUID> memberIds,
            LongUnaryOperator amountOf, String source, String description, Map<UUID, String> references) {
        if (memberIds.isEmpty() || memberIds.size() > POSTINGS_MAX || Set.copyOf(memberIds).size() != memberIds.size()) {
            throw new IllegalArgumentException("spendFromBalances takes 1 to " + POSTINGS_MAX + " distinct members, got " + memberIds.size());
        }
        return tx.execute(status -> {
            Map<UUID, Work> byMember = works.beginMany(programId, memberIds, m -> m, m -> policy);
            Map<UUID, PostedEntry> spent = new LinkedHashMap<>();
            for (UUID memberId : memberIds) {
                Work work = byMember.get(memberId);
                long balance = work.account(policy.definitionId()).balance;
                long amount = amountOf.applyAsLong(balance);
                if (amount < 0 || amount > Math.max(balance, 0)) {
                    throw new IllegalArgumentException("cannot spend " + amount + " of a balance of " + balance);
                }
                if (amount > 0) {
                    spent.put(memberId, work.spend(Posting.of(memberId, policy, -amount, source, description)
                            .withReference(references.get(memberId))));
                }
            }
            works.flushAll(byMember.values());
            return spent;
        });
    }

    /**
     * For each member: locks their account of {@code policy}'s definition, activates and expires what is due, and
     * expires what its lots that became active before {@code before} still hold, as one {@code EXPIRE} entry dated
     * {@code before} with {@code source} and {@code description}; points that became active since stay. For a period
     * after which points stop counting (a tier qualification year). Many members, one transaction (the caller's, if it
     * has one), batch statements; the points expired by member, for the members that had any.
     */
    public Map<UUID, Long> expireActiveBefore(String programId, DefinitionPolicy policy, List<UUID> memberIds, Instant before,
            String source, String description) {
        if (memberIds.isEmpty() || memberIds.size() > POSTINGS_MAX || Set.copyOf(memberIds).size() != memberIds.size()) {
            throw new IllegalArgumentException("expireActiveBefore takes 1 to " + POSTINGS_MAX + " distinct members, got " + memberIds.size());
        }
        return tx.execute(status -> {
            Map<UUID, Work> byMember = works.beginMany(programId, memberIds, m -> m, m -> policy);
            works.readActiveBefore(programId, byMember, policy.definitionId(), before);
            Map<UUID, Long> expired = new LinkedHashMap<>();
            for (UUID memberId : memberIds) {
                long points = byMember.get(memberId).expireActiveBefore(policy.definitionId(), before, source, description);
                if (points > 0) {
                    expired.put(memberId, points);
                }
            }
            works.flushAll(byMember.values());
            return expired;
        });
    }

    /**
     * Expires, for up to {@code accountsMax} accounts of {@code policy}'s definition that another transaction does not
     * hold, the active points of those that have points and have neither earned nor spent for {@code inactivityMonths}
     * (their last earning or spending at or before the same moment that many months ago, in the definition's zone):
     * one {@code EXPIRE} entry each, source {@link #INACTIVITY_SOURCE}. Pending points stay pending; once active, they
     * expire at the next run if the account is still inactive. Returns the points expired by member.
     */
    public Map<UUID, Long> expireInactive(String programId, DefinitionPolicy policy, int inactivityMonths, int accountsMax) {
        if (inactivityMonths < 1 || inactivityMonths > INACTIVITY_MONTHS_MAX || accountsMax < 1 || accountsMax > POSTINGS_MAX) {
            throw new IllegalArgumentException("expireInactive takes 1 to " + INACTIVITY_MONTHS_MAX + " months and 1 to " + POSTINGS_MAX
                    + " accounts");
        }
        Map<UUID, Long> expired = tx.execute(status -> {
            Instant now = clock.instant();
            Instant cutoff = now.atZone(policy.zone()).minusMonths(inactivityMonths).toInstant();
            List<UUID> inactive = store.claimInactive(programId, policy.definitionId(), cutoff, accountsMax);
            if (inactive.isEmpty()) {
                return Map.<UUID, Long>of();
            }
            Map<UUID, Long> byMember = new LinkedHashMap<>();
            inactive.forEach(m -> byMember.put(m, 0L));
            byMember.putAll(expireActiveBefore(programId, policy, inactive, now, INACTIVITY_SOURCE,
                    "Points expired after " + inactivityMonths + " months without earning or spending"));
            return byMember;
        });
        return expired == null ? Map.of() : expired;
    }

    /** A point master's balance for one member's account, as of {@code timeStamp}. */
    public record BalanceSync(UUID memberId, DefinitionPolicy definition, long amount, Instant timeStamp) {}

    /** What became of one balance: applied (with the difference written, 0 for none), or skipped as older than the last applied. */
    public record BalanceSyncResult(boolean applied, long difference, Instant lastApplied) {}

    /**
     * Sets each account to its point master's amount with one {@code BalanceSync} entry of the
     * difference, skipping a balance older than the last one applied to its account. Many members,
     * one transaction, batch statements; results in the order of {@code balances}.
     */
    public List<BalanceSyncResult> syncBalances(String programId, List<BalanceSync> balances, String source) {
        if (balances.isEmpty()) {
            return List.of();
        }
        return writes.write(status -> {
            Map<UUID, Work> byMember = works.beginMany(programId, balances, BalanceSync::memberId, BalanceSync::definition);
            List<BalanceSyncResult> results = new ArrayList<>();
            for (BalanceSync b : balances) {
                Work work = byMember.get(b.memberId());
                AccountState account = work.account(b.definition().definitionId());
                if (account.lastSyncAt != null && b.timeStamp().isBefore(account.lastSyncAt)) {
                    results.add(new BalanceSyncResult(false, 0, account.lastSyncAt));
                    continue;
                }
                long difference;
                try {
                    difference = Math.subtractExact(b.amount(), account.balance);
                } catch (ArithmeticException e) {
                    throw new PointsOverflow("Point definition " + b.definition().definitionId() + ": a balance of " + b.amount()
                            + " is too far from the balance now (" + account.balance + ").");
                }
                if (difference != 0) {
                    Posting posting = new Posting(b.memberId(), b.definition(), difference, source,
                            "Balance set to " + b.amount() + " by the point master", null, null, null, b.timeStamp(), null, null);
                    if (difference > 0) {
                        work.earn(posting);
                    } else {
                        work.spend(posting);
                    }
                }
                account.lastSyncAt = b.timeStamp();
                account.lastSyncAmount = b.amount();
                account.changed = true;
                results.add(new BalanceSyncResult(true, difference, b.timeStamp()));
            }
            works.flushAll(byMember.values());
            return results;
        });
    }
}
