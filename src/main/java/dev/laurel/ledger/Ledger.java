package dev.laurel.ledger;

import dev.laurel.ledger.EntryPage.LogPosition;
import dev.laurel.ledger.internal.AccountState;
import dev.laurel.ledger.internal.EntryRow;
import dev.laurel.ledger.internal.LedgerStore;
import dev.laurel.ledger.internal.LotState;
import dev.laurel.ledger.internal.Movement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The points ledger: applies postings as immutable entries and lots, keeps each account's cached
 * figures equal to them, and reverses, activates and expires. Each call is one transaction over
 * one member's accounts, locked in definition order.
 */
@Service
public class Ledger {

    public static final int POSTINGS_MAX = 1000;
    public static final int LOG_LIMIT_MAX = 500;
    public static final String EXPIRY_SOURCE = "Expiry";

    private final LedgerStore store;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Ledger(LedgerStore store, TransactionTemplate tx, Clock clock, ApplicationEventPublisher events) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Applies postings for one member atomically: all of them or, on {@link InsufficientPoints},
     * none. Entries come back in the order of the postings.
     */
    public LedgerTransaction post(String programId, List<Posting> postings) {
        if (postings.isEmpty() || postings.size() > POSTINGS_MAX) {
            throw new IllegalArgumentException("post takes 1 to " + POSTINGS_MAX + " postings, got " + postings.size());
        }
        UUID memberId = postings.get(0).memberId();
        if (postings.stream().anyMatch(p -> !p.memberId().equals(memberId))) {
            throw new IllegalArgumentException("one ledger transaction touches one member");
        }
        Map<Integer, DefinitionPolicy> policies = new TreeMap<>();
        postings.forEach(p -> policies.put(p.definition().definitionId(), p.definition()));
        return tx.execute(status -> {
            Work work = begin(programId, memberId, policies);
            boolean spends = postings.stream().anyMatch(p -> p.amount() < 0);
            if (spends) {
                work.loadDue();
                work.settleDue();
            }
            List<PostedEntry> posted = new ArrayList<>();
            for (Posting p : postings) {
                posted.add(p.amount() > 0 ? work.earn(p) : work.spend(p));
            }
            work.flush();
            return new LedgerTransaction(work.txId, work.now, posted);
        });
    }

    /**
     * Reverses an entry, wholly or {@code amount} of it: an earning's points are taken back (from
     * its own lot first, then from the balance), a spend's pay the account's debt first, if it has
     * one, and then go back to exactly the lots they came from. Expiries and reversals cannot be
     * reversed.
     */
    public PostedEntry reverse(String programId, UUID memberId, UUID entryId, Long amount, String source,
            String description, Actor actor, DefinitionPolicy policy) {
        return tx.execute(status -> {
            Entry original = store.entry(programId, memberId, entryId).orElseThrow(() -> new EntryNotFound(entryId.toString()));
            if (original.definitionId() != policy.definitionId()) {
                throw new IllegalArgumentException("the policy is for definition " + policy.definitionId()
                        + ", the entry is on " + original.definitionId());
            }
            Work work = begin(programId, memberId, Map.of(policy.definitionId(), policy));
            long reversed = store.reversedSoFar(programId, memberId, entryId);
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
            work.flush();
            return posted;
        });
    }

    /**
     * Activates and expires what is due, for up to {@code accountsMax} accounts not held by
     * another transaction; returns the number of lots activated and expired.
     */
    public SettleReport settleDue(Optional<String> programId, int accountsMax) {
        return tx.execute(status -> {
            Instant now = clock.instant();
            UUID txId = UUID.randomUUID();
            long activated = 0;
            long expired = 0;
            List<AccountState> claimed = store.claimDueAccounts(programId, now, accountsMax);
            for (AccountState account : claimed) {
                // Activation and expiry need no policy: lots carry their own dates.
                DefinitionPolicy policy = new DefinitionPolicy(account.definitionId, null, true, ZoneId.of("UTC"));
                Work work = new Work(account.programId, account.memberId, now, txId, Map.of(account.definitionId, policy),
                        Map.of(account.definitionId, account));
                work.lots.addAll(store.dueLots(account.programId, account.memberId, account.definitionId, now));
                int[] counts = work.settleDue();
                activated += counts[0];
                expired += counts[1];
                work.flush();
            }
            return new SettleReport(claimed.size(), activated, expired);
        });
    }

    /** What one settle run did. */
    public record SettleReport(long accounts, long activated, long expired) {}

    /** The member's accounts that exist, with their active points by expiry date in {@code zone}. */
    public List<PointAccount> accounts(String programId, UUID memberId, ZoneId zone) {
        Map<Integer, List<Bucket>> expiring = new HashMap<>();
        for (Object[] row : store.expiring(programId, memberId)) {
            Instant at = (Instant) row[1];
            LocalDate date = at == null ? null : LocalDate.ofInstant(at, zone);
            List<Bucket> buckets = expiring.computeIfAbsent((Integer) row[0], d -> new ArrayList<>());
            if (!buckets.isEmpty() && java.util.Objects.equals(buckets.get(buckets.size() - 1).expirationDate(), date)) {
                Bucket last = buckets.remove(buckets.size() - 1);
                buckets.add(new Bucket(date, Math.addExact(last.points(), (Long) row[2])));
            } else {
                buckets.add(new Bucket(date, (Long) row[2]));
            }
        }
        return store.accounts(programId, memberId).stream().map(a -> new PointAccount(a.id, a.definitionId, a.balance,
                a.pending, a.lifetimeEarned, a.lifetimeSpent, a.expired, expiring.getOrDefault(a.definitionId, List.of()))).toList();
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
            var mismatches = store.check(programId, LedgerCheck.DETAILS_MAX + 1);
            long count = mismatches.size() > LedgerCheck.DETAILS_MAX ? store.countMismatches(programId) : mismatches.size();
            return new LedgerCheck(store.countAccounts(programId), count,
                    mismatches.subList(0, Math.min(mismatches.size(), LedgerCheck.DETAILS_MAX)));
        });
    }

    private Work begin(String programId, UUID memberId, Map<Integer, DefinitionPolicy> policies) {
        Instant now = clock.instant();
        Map<Integer, AccountState> accounts = store.lockAccounts(programId, memberId, policies.keySet());
        if (accounts.size() != policies.size()) {
            // First use of an account: create the missing ones, then lock all again in definition order.
            store.ensureAccounts(programId, memberId, policies.keySet(), now);
            accounts = store.lockAccounts(programId, memberId, policies.keySet());
        }
        if (accounts.size() != policies.size()) {
            throw new IllegalStateException("accounts " + policies.keySet() + " of member " + memberId + " could not be locked");
        }
        return new Work(programId, memberId, now, UUID.randomUUID(), policies, accounts);
    }

    /** The in-memory state of one transaction over one member's locked accounts, written back by {@link #flush}. */
    private final class Work {
        final String programId;
        final UUID memberId;
        final Instant now;
        final UUID txId;
        final Map<Integer, DefinitionPolicy> policies;
        final Map<Integer, AccountState> accounts;
        final List<LotState> lots = new ArrayList<>();
        final List<EntryRow> entries = new ArrayList<>();
        final List<Movement> movements = new ArrayList<>();
        final Map<Integer, LotPager> pagers = new HashMap<>();
        final List<Object> published = new ArrayList<>();

        Work(String programId, UUID memberId, Instant now, UUID txId, Map<Integer, DefinitionPolicy> policies,
                Map<Integer, AccountState> accounts) {
            this.programId = programId;
            this.memberId = memberId;
            this.now = now;
            this.txId = txId;
            this.policies = policies;
            this.accounts = accounts;
        }

        void loadDue() {
            lots.addAll(store.dueLots(programId, memberId, accounts.keySet(), now));
        }

        /**
         * Reads an account's spendable lots from the database a page at a time, in spending order,
         * skipping lots this transaction already holds in memory.
         */
        final class LotPager {
            static final int PAGE_LOTS = 64;
            final int definitionId;
            LotState boundary;
            boolean exhausted;

            LotPager(int definitionId) {
                this.definitionId = definitionId;
            }

            void next() {
                List<LotState> page = store.spendableLots(programId, memberId, definitionId, boundary, PAGE_LOTS);
                if (page.size() < PAGE_LOTS) {
                    exhausted = true;
                }
                if (!page.isEmpty()) {
                    boundary = page.get(page.size() - 1);
                }
                java.util.Set<UUID> held = new java.util.HashSet<>();
                lots.forEach(l -> held.add(l.id));
                page.stream().filter(l -> !held.contains(l.id)).forEach(lots::add);
            }

            /** True when every lot that sorts before {@code lot} is in memory. */
            boolean covers(LotState lot) {
                return exhausted || (boundary != null && LotState.SPENDING_ORDER.compare(lot, boundary) <= 0);
            }
        }

        /** Activates pending lots whose time has come, then expires active lots whose time has passed. */
        int[] settleDue() {
            int activated = 0;
            int expired = 0;
            List<LotState> due = lots.stream().filter(l -> l.pending() && !l.validFrom.isAfter(now))
                    .sorted(Comparator.comparing((LotState l) -> l.validFrom).thenComparing(l -> l.id)).toList();
            for (LotState lot : due) {
                activate(lot);
                activated++;
            }
            List<LotState> ending = lots.stream().filter(l -> l.active() && l.remaining > 0 && l.expiresAt != null
                    && !l.expiresAt.isAfter(now)).sorted(LotState.SPENDING_ORDER).toList();
            for (LotState lot : ending) {
                expire(lot);
                expired++;
            }
            return new int[] {activated, expired};
        }

        private void activate(LotState lot) {
            AccountState account = accounts.get(lot.definitionId);
            lot.status = "ACTIVE";
            lot.dirty = true;
            account.pending = Math.subtractExact(account.pending, lot.remaining);
            account.balance = Math.addExact(account.balance, lot.remaining);
            account.changed = true;
            published.add(new PointsBecameActive(programId, memberId, lot.definitionId, lot.remaining, lot.validFrom, true));
            settleDebt(account, lot, lot.entryId);
        }

        /** A lot that becomes active pays the account's debt first; the movement is recorded against {@code entryId}. */
        private void settleDebt(AccountState account, LotState lot, UUID entryId) {
            long settled = Math.min(account.debt, lot.remaining);
            if (settled > 0) {
                lot.take(settled);
                account.debt -= settled;
                movements.add(new Movement(memberId, entryId, lot.id, lot.definitionId, settled));
            }
        }

        private void expire(LotState lot) {
            AccountState account = accounts.get(lot.definitionId);
            long points = lot.remaining;
            UUID entryId = UUID.randomUUID();
            entries.add(new EntryRow(programId, memberId, lot.definitionId, account.nextSeq(), entryId, txId, EntryKind.EXPIRE,
                    EXPIRY_SOURCE, -points, "Points expired", null, null, null, lot.expiresAt, now, null, lot.expiresAt, null, lot.id));
            movements.add(new Movement(memberId, entryId, lot.id, lot.definitionId, points));
            lot.take(points);
            lot.status = "EXPIRED";
            account.balance = Math.subtractExact(account.balance, points);
            account.expired = Math.addExact(account.expired, points);
        }

        PostedEntry earn(Posting p) {
            AccountState account = accounts.get(p.definition().definitionId());
            DefinitionPolicy policy = p.definition();
            Instant occurredAt = p.occurredAt() == null ? now : p.occurredAt();
            Instant validFrom = p.validFrom() == null || p.validFrom().isBefore(now) ? now : p.validFrom();
            Instant expiresAt = p.validTo() != null ? p.validTo() : policyExpiry(policy, occurredAt);
            boolean pending = validFrom.isAfter(now);
            UUID entryId = UUID.randomUUID();
            LotState lot = new LotState(UUID.randomUUID(), memberId, entryId, policy.definitionId(), p.amount(), p.amount(),
                    pending ? "PENDING" : "ACTIVE", occurredAt, validFrom, expiresAt, true);
            lots.add(lot);
            EntryRow row = new EntryRow(programId, memberId, policy.definitionId(), account.nextSeq(), entryId, txId, EntryKind.EARN,
                    p.source(), p.amount(), p.description(), p.reference(), p.partner(), p.actor(), occurredAt, now,
                    p.validFrom() == null ? validFrom : p.validFrom(), expiresAt, null, lot.id);
            entries.add(row);
            account.lifetimeEarned = Math.addExact(account.lifetimeEarned, p.amount());
            if (pending) {
                account.pending = Math.addExact(account.pending, p.amount());
            } else {
                account.balance = Math.addExact(account.balance, p.amount());
                published.add(new PointsBecameActive(programId, memberId, policy.definitionId(), p.amount(), validFrom, false));
                settleDebt(account, lot, entryId);
                if (expiresAt != null && !expiresAt.isAfter(now) && lot.remaining > 0) {
                    expire(lot);
                }
            }
            return new PostedEntry(entry(row, pending), List.of(new Bucket(date(expiresAt, policy.zone()), p.amount())));
        }

        PostedEntry spend(Posting p) {
            AccountState account = accounts.get(p.definition().definitionId());
            long need = Math.negateExact(p.amount());
            UUID entryId = UUID.randomUUID();
            Map<UUID, Long> taken = take(account, p.definition(), need, entryId);
            Instant occurredAt = p.occurredAt() == null ? now : p.occurredAt();
            EntryRow row = new EntryRow(programId, memberId, account.definitionId, account.nextSeq(), entryId, txId, EntryKind.SPEND,
                    p.source(), p.amount(), p.description(), p.reference(), p.partner(), p.actor(), occurredAt, now, null, null, null, null);
            entries.add(row);
            account.lifetimeSpent = Math.addExact(account.lifetimeSpent, need);
            return new PostedEntry(entry(row, false), buckets(taken, p.definition().zone(), -1));
        }

        /**
         * Takes {@code need} points from the account's active lots in spending order; what they do
         * not cover becomes debt where the definition allows it, else nothing is taken.
         */
        private Map<UUID, Long> take(AccountState account, DefinitionPolicy policy, long need, UUID entryId) {
            // The cached figures are exact after settling: active points = balance + debt.
            long available = Math.max(0, Math.addExact(account.balance, account.debt));
            if (available < need && !policy.allowNegative()) {
                throw new InsufficientPoints(account.definitionId, Math.max(account.balance, 0), need);
            }
            LotPager pager = pagers.computeIfAbsent(account.definitionId, LotPager::new);
            Map<UUID, Long> taken = new LinkedHashMap<>();
            long left = need;
            while (left > 0) {
                LotState lot = lots.stream().filter(l -> l.definitionId == account.definitionId && l.active() && l.remaining > 0)
                        .min(LotState.SPENDING_ORDER).orElse(null);
                if (lot == null || !pager.covers(lot)) {
                    if (pager.exhausted) {
                        break;
                    }
                    pager.next();
                    continue;
                }
                long part = Math.min(left, lot.remaining);
                lot.take(part);
                movements.add(new Movement(memberId, entryId, lot.id, lot.definitionId, part));
                taken.merge(lot.id, part, Long::sum);
                left -= part;
            }
            if (left > 0 && !policy.allowNegative()) {
                throw new IllegalStateException("account " + account.id + " caches " + available + " active points but its lots hold less");
            }
            account.debt = Math.addExact(account.debt, left);
            account.balance = Math.subtractExact(account.balance, need);
            return taken;
        }

        PostedEntry reverseEarning(Entry earning, long take, String source, String description, Actor actor) {
            AccountState account = accounts.get(earning.definitionId());
            DefinitionPolicy policy = policies.get(earning.definitionId());
            UUID entryId = UUID.randomUUID();
            UUID lotId = store.lotOf(programId, memberId, earning.id()).orElseThrow(
                    () -> new IllegalStateException("earning " + earning.id() + " has no lot"));
            LotState lot = lots.stream().filter(l -> l.id.equals(lotId)).findFirst().orElseGet(() -> {
                LotState loaded = store.lot(programId, memberId, lotId).orElseThrow();
                lots.add(loaded);
                return loaded;
            });
            Map<UUID, Long> taken = new LinkedHashMap<>();
            long fromLot = Math.min(take, lot.remaining);
            boolean pending = lot.pending();
            if (fromLot > 0 && !"EXPIRED".equals(lot.status)) {
                lot.take(fromLot);
                movements.add(new Movement(memberId, entryId, lot.id, lot.definitionId, fromLot));
                taken.put(lot.id, fromLot);
                if (pending) {
                    account.pending = Math.subtractExact(account.pending, fromLot);
                } else {
                    account.balance = Math.subtractExact(account.balance, fromLot);
                    published.add(new PointsTakenBack(programId, memberId, lot.definitionId, fromLot, now));
                }
            } else {
                fromLot = 0;
            }
            long rest = take - fromLot;
            if (rest > 0) {
                taken.putAll(take(account, policy, rest, entryId));
                published.add(new PointsTakenBack(programId, memberId, account.definitionId, rest, now));
            }
            account.lifetimeEarned = Math.subtractExact(account.lifetimeEarned, take);
            EntryRow row = new EntryRow(programId, memberId, account.definitionId, account.nextSeq(), entryId, txId, EntryKind.REVERSAL,
                    source, -take, description, earning.reference(), earning.partner(), actor, now, now, null, null, earning.id(), lot.id);
            entries.add(row);
            return new PostedEntry(entry(row, pending && rest == 0), buckets(taken, policy.zone(), -1));
        }

        PostedEntry reverseSpend(Entry spend, long give, String source, String description, Actor actor) {
            AccountState account = accounts.get(spend.definitionId());
            DefinitionPolicy policy = policies.get(spend.definitionId());
            UUID entryId = UUID.randomUUID();
            long[] totals = store.spendLotTotals(programId, memberId, spend.id());
            long reversedSoFar = store.reversedSoFar(programId, memberId, spend.id());
            long debtPart = Math.abs(spend.amount()) - totals[0];
            long debtPartOpen = debtPart - (reversedSoFar - totals[1]);
            long left = give;
            Map<UUID, Long> given = new LinkedHashMap<>();
            List<LotState> restoredLots = new ArrayList<>();
            long fromDebt = Math.min(left, Math.max(debtPartOpen, 0));
            if (fromDebt > 0) {
                long settled = Math.min(account.debt, fromDebt);
                account.debt -= settled;
                long fresh = fromDebt - settled;
                if (fresh > 0) {
                    // The debt was paid since by later points: what comes back is a lot of its own.
                    Instant expiresAt = policyExpiry(policy, now);
                    LotState lot = new LotState(UUID.randomUUID(), memberId, entryId, account.definitionId, fresh, fresh, "ACTIVE", now, now, expiresAt, true);
                    lots.add(lot);
                    given.put(lot.id, fresh);
                }
                left -= fromDebt;
            }
            // Points coming back while the account still owes (another spend's debt) pay that debt
            // first, as any points that become active do: given back to lots, they would sit active
            // next to the debt and could expire while it stays unpaid. They stay counted as held by
            // this spend, so its later reversals, latest-expiring first and never more than is open,
            // leave out the earliest-expiring points: those are the ones that paid the debt.
            long paysDebt = Math.min(account.debt, left);
            account.debt -= paysDebt;
            left -= paysDebt;
            if (left > 0) {
                Map<UUID, Long> held = store.heldBySpend(programId, memberId, spend.id());
                List<LotState> heldLots = new ArrayList<>(lotsById(held.keySet()));
                heldLots.sort(LotState.SPENDING_ORDER.reversed());
                for (LotState lot : heldLots) {
                    if (left == 0) {
                        break;
                    }
                    long part = Math.min(left, held.get(lot.id));
                    lot.giveBack(part);
                    if ("EXPIRED".equals(lot.status)) {
                        lot.status = "ACTIVE";
                    }
                    movements.add(new Movement(memberId, entryId, lot.id, lot.definitionId, -part));
                    given.merge(lot.id, part, Long::sum);
                    restoredLots.add(lot);
                    left -= part;
                }
                if (left != 0) {
                    throw new IllegalStateException("spend " + spend.id() + " holds less than its open amount: " + left + " missing");
                }
            }
            account.balance = Math.addExact(account.balance, give);
            account.lifetimeSpent = Math.subtractExact(account.lifetimeSpent, give);
            EntryRow row = new EntryRow(programId, memberId, account.definitionId, account.nextSeq(), entryId, txId, EntryKind.REVERSAL,
                    source, give, description, spend.reference(), spend.partner(), actor, now, now, null, null, spend.id(), null);
            entries.add(row);
            for (LotState lot : lots) {
                if (lot.created && lot.entryId.equals(entryId)) {
                    settleDebt(account, lot, entryId);
                }
            }
            for (LotState lot : restoredLots) {
                if (lot.expiresAt != null && !lot.expiresAt.isAfter(now) && lot.remaining > 0) {
                    expire(lot);
                }
            }
            return new PostedEntry(entry(row, false), buckets(given, policy.zone(), 1));
        }

        private List<LotState> lotsById(java.util.Set<UUID> ids) {
            Map<UUID, LotState> known = new HashMap<>();
            lots.forEach(l -> known.put(l.id, l));
            List<UUID> missing = ids.stream().filter(id -> !known.containsKey(id)).toList();
            if (!missing.isEmpty()) {
                for (LotState loaded : store.lots(programId, memberId, missing)) {
                    lots.add(loaded);
                    known.put(loaded.id, loaded);
                }
            }
            return ids.stream().map(known::get).toList();
        }

        private List<Bucket> buckets(Map<UUID, Long> byLot, ZoneId zone, int sign) {
            Map<UUID, LotState> known = new HashMap<>();
            lots.forEach(l -> known.put(l.id, l));
            TreeMap<LocalDate, Long> dated = new TreeMap<>();
            long undated = 0;
            for (var e : byLot.entrySet()) {
                LocalDate date = date(known.get(e.getKey()).expiresAt, zone);
                if (date == null) {
                    undated += e.getValue();
                } else {
                    dated.merge(date, e.getValue(), Math::addExact);
                }
            }
            List<Bucket> buckets = new ArrayList<>();
            dated.forEach((date, points) -> buckets.add(new Bucket(date, sign * points)));
            if (undated > 0) {
                buckets.add(new Bucket(null, sign * undated));
            }
            return buckets;
        }

        void flush() {
            flushAll(List.of(this));
        }

        void checkAccounts() {
            for (AccountState a : accounts.values()) {
                if (a.changed && (a.pending < 0 || a.debt < 0 || (a.balance < 0 && !policies.get(a.definitionId).allowNegative()))) {
                    throw new IllegalStateException("account " + a.id + " would have balance " + a.balance + ", pending "
                            + a.pending + ", debt " + a.debt);
                }
            }
        }

        private Entry entry(EntryRow r, boolean pending) {
            return new Entry(r.id(), r.transactionId(), r.memberId(), r.definitionId(), r.seq(), r.kind(), r.source(), r.amount(),
                    r.description(), r.reference(), r.partner(), r.actor(), r.occurredAt(), r.recordedAt(), r.validFrom(),
                    r.expiresAt(), r.reverses(), pending);
        }
    }

    /** Writes what several members' work changed: one batch statement per table for all of them. */
    private void flushAll(List<Work> works) {
        if (works.isEmpty()) {
            return;
        }
        String programId = works.get(0).programId;
        Instant now = works.get(0).now;
        List<EntryRow> entries = new ArrayList<>();
        List<LotState> created = new ArrayList<>();
        List<LotState> changed = new ArrayList<>();
        List<Movement> movements = new ArrayList<>();
        List<AccountState> accounts = new ArrayList<>();
        for (Work w : works) {
            w.checkAccounts();
            entries.addAll(w.entries);
            w.lots.forEach(l -> (l.created ? created : l.dirty ? changed : new ArrayList<LotState>()).add(l));
            movements.addAll(w.movements);
            w.accounts.values().stream().filter(a -> a.changed).forEach(accounts::add);
        }
        store.insertEntries(entries);
        store.insertLots(programId, created);
        store.updateLots(programId, changed);
        store.insertMovements(programId, movements);
        store.updateAccounts(accounts, now);
        if (!entries.isEmpty()) {
            events.publishEvent(new EntriesRecorded(programId, entries.stream().map(r -> new EntriesRecorded.Recorded(r.memberId(),
                    r.id(), r.definitionId(), r.kind(), r.source(), r.amount(), r.occurredAt(), r.validFrom() != null && r.validFrom().isAfter(now)
                    && r.kind() == EntryKind.EARN)).toList()));
        }
        for (Work w : works) {
            w.published.forEach(events::publishEvent);
        }
    }

    /**
     * Locks the accounts of many members in one statement, in the fixed (member, definition) order,
     * creating those that do not exist, and gives a {@link Work} per member.
     */
    private Map<UUID, Work> beginMany(String programId, List<UUID> memberIds, List<DefinitionPolicy> policies) {
        Instant now = clock.instant();
        UUID txId = UUID.randomUUID();
        List<UUID> keyMembers = new ArrayList<>();
        List<Integer> keyDefinitions = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < memberIds.size(); i++) {
            if (seen.add(memberIds.get(i) + "/" + policies.get(i).definitionId())) {
                keyMembers.add(memberIds.get(i));
                keyDefinitions.add(policies.get(i).definitionId());
            }
        }
        List<AccountState> locked = store.lockAccounts(programId, keyMembers, keyDefinitions);
        if (locked.size() != keyMembers.size()) {
            store.ensureAccounts(programId, keyMembers, keyDefinitions, now);
            locked = store.lockAccounts(programId, keyMembers, keyDefinitions);
        }
        if (locked.size() != keyMembers.size()) {
            throw new IllegalStateException("could not lock " + keyMembers.size() + " accounts, got " + locked.size());
        }
        Map<UUID, Map<Integer, DefinitionPolicy>> policiesByMember = new LinkedHashMap<>();
        for (int i = 0; i < memberIds.size(); i++) {
            policiesByMember.computeIfAbsent(memberIds.get(i), m -> new TreeMap<>()).put(policies.get(i).definitionId(), policies.get(i));
        }
        Map<UUID, Map<Integer, AccountState>> accountsByMember = new HashMap<>();
        locked.forEach(a -> accountsByMember.computeIfAbsent(a.memberId, m -> new TreeMap<>()).put(a.definitionId, a));
        Map<UUID, Work> works = new LinkedHashMap<>();
        policiesByMember.forEach((member, memberPolicies) -> works.put(member,
                new Work(programId, member, now, txId, memberPolicies, accountsByMember.get(member))));
        List<LotState> due = store.dueLots(programId, keyMembers, keyDefinitions, now);
        due.forEach(l -> works.get(l.memberId).lots.add(l));
        works.values().forEach(Work::settleDue);
        return works;
    }

    /**
     * Applies postings for many members in one transaction, all or nothing, with batch statements.
     * Entries come back in the order of the postings.
     */
    public LedgerTransaction postMany(String programId, List<Posting> postings) {
        if (postings.isEmpty() || postings.size() > POSTINGS_MAX) {
            throw new IllegalArgumentException("postMany takes 1 to " + POSTINGS_MAX + " postings, got " + postings.size());
        }
        return tx.execute(status -> {
            Map<UUID, Work> works = beginMany(programId, postings.stream().map(Posting::memberId).toList(),
                    postings.stream().map(Posting::definition).toList());
            List<PostedEntry> posted = new ArrayList<>();
            for (Posting p : postings) {
                Work work = works.get(p.memberId());
                posted.add(p.amount() > 0 ? work.earn(p) : work.spend(p));
            }
            flushAll(List.copyOf(works.values()));
            Work any = works.values().iterator().next();
            return new LedgerTransaction(any.txId, any.now, posted);
        });
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
        return tx.execute(status -> {
            Map<UUID, Work> works = beginMany(programId, balances.stream().map(BalanceSync::memberId).toList(),
                    balances.stream().map(BalanceSync::definition).toList());
            List<BalanceSyncResult> results = new ArrayList<>();
            for (BalanceSync b : balances) {
                Work work = works.get(b.memberId());
                AccountState account = work.accounts.get(b.definition().definitionId());
                if (account.lastSyncAt != null && b.timeStamp().isBefore(account.lastSyncAt)) {
                    results.add(new BalanceSyncResult(false, 0, account.lastSyncAt));
                    continue;
                }
                long difference = Math.subtractExact(b.amount(), account.balance);
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
            flushAll(List.copyOf(works.values()));
            return results;
        });
    }

    /** Expires at the start of the day {@code months} after the day earned, in the program's zone; null when the definition never expires. */
    static Instant policyExpiry(DefinitionPolicy policy, Instant earnedAt) {
        if (policy.expiryMonths() == null) {
            return null;
        }
        return LocalDate.ofInstant(earnedAt, policy.zone()).plusMonths(policy.expiryMonths()).atStartOfDay(policy.zone()).toInstant();
    }

    static LocalDate date(Instant instant, ZoneId zone) {
        return instant == null ? null : LocalDate.ofInstant(instant, zone);
    }
}
