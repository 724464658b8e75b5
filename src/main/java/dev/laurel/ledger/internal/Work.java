package dev.laurel.ledger.internal;

import dev.laurel.ledger.Actor;
import dev.laurel.ledger.Bucket;
import dev.laurel.ledger.DefinitionPolicy;
import dev.laurel.ledger.Entry;
import dev.laurel.ledger.EntryKind;
import dev.laurel.ledger.InsufficientPoints;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.PointsBecameActive;
import dev.laurel.ledger.PointsOverflow;
import dev.laurel.ledger.PostedEntry;
import dev.laurel.ledger.TakeBack;
import dev.laurel.ledger.Posting;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The in-memory state of one ledger transaction over one member's locked accounts: earnings, spends, reversals,
 * activation and expiry change it here, and {@link Works#flush} writes what changed.
 */
public final class Work {

    public final String programId;
    public final UUID memberId;
    public final Instant now;
    private UUID txId;
    final Map<Integer, DefinitionPolicy> policies;
    final Map<Integer, AccountState> accounts;
    final List<LotState> lots = new ArrayList<>();
    final List<EntryRow> entries = new ArrayList<>();
    final List<Movement> movements = new ArrayList<>();
    final List<Object> published = new ArrayList<>();
    /** Where take-backs found their points, written after the entries they name. */
    final List<TakeBackRow> takeBacks = new ArrayList<>();
    /** What entries (holds) still hold by lot, read with other works' before they are closed ({@link Works#readHeld}). */
    final Map<UUID, Map<UUID, Long>> heldRead = new HashMap<>();
    final LedgerStore store;
    private final Map<Integer, LotPager> pagers = new HashMap<>();

    Work(LedgerStore store, String programId, UUID memberId, Instant now, UUID txId, Map<Integer, DefinitionPolicy> policies,
            Map<Integer, AccountState> accounts) {
        this.store = store;
        this.programId = programId;
        this.memberId = memberId;
        this.now = now;
        this.txId = txId;
        this.policies = policies;
        this.accounts = accounts;
    }

    /** The ledger transaction the entries written next belong to. */
    public UUID txId() {
        return txId;
    }

    /**
     * Starts another ledger transaction in this work: the entries written from now on carry a new transaction id. A
     * group commit writes several requests' transactions in one database transaction, each with its own id.
     */
    public void nextTransaction() {
        txId = UUID.randomUUID();
    }

    /** The locked account of one definition. */
    public AccountState account(int definitionId) {
        return accounts.get(definitionId);
    }

    /** Loads the lots of these accounts that are due now (to activate or expire). */
    public void loadDue() {
        lots.addAll(store.dueLots(programId, memberId, accounts.keySet(), now));
    }

    /** Adds lots read with other works', but not one this work has already (its copy may have changed). */
    void addLotsNotKnown(Collection<LotState> loaded) {
        Set<UUID> known = new HashSet<>();
        lots.forEach(l -> known.add(l.id));
        loaded.stream().filter(l -> known.add(l.id)).forEach(lots::add);
    }

    /** Activates pending lots whose time has come, then expires active lots whose time has passed: {activated, expired}. */
    public int[] settleDue() {
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

    /**
     * Takes into the accounts the pending lots the sweep's statement has just made active in the database (see
     * {@link Works#settleAll}): what {@link #settleDue} does for them, in the same order, except writing the lots. Only a
     * member with no debt and nothing due to expire is settled that way, so no lot pays a debt here.
     */
    int activatedInStore(List<LotState> activated) {
        List<LotState> inOrder = activated.stream()
                .sorted(Comparator.comparing((LotState l) -> l.validFrom).thenComparing(l -> l.id)).toList();
        for (LotState lot : inOrder) {
            AccountState account = accounts.get(lot.definitionId);
            if (account.debt != 0 || !lot.pending()) {
                throw new IllegalStateException("lot " + lot.id + " of account " + account.id + " cannot be activated by the store");
            }
            lot.status = LotStatus.ACTIVE;
            lots.add(lot);
            account.pending = Math.subtractExact(account.pending, lot.remaining);
            account.balance = Math.addExact(account.balance, lot.remaining);
            account.changed = true;
            published.add(new PointsBecameActive(programId, memberId, lot.definitionId, lot.remaining, lot.validFrom, true));
        }
        return inOrder.size();
    }

    private void activate(LotState lot) {
        AccountState account = accounts.get(lot.definitionId);
        lot.status = LotStatus.ACTIVE;
        lot.dirty = true;
        account.pending = Math.subtractExact(account.pending, lot.remaining);
        account.balance = Math.addExact(account.balance, lot.remaining);
        account.changed = true;
        published.add(new PointsBecameActive(programId, memberId, lot.definitionId, lot.remaining, lot.validFrom, true));
        settleDebt(account, lot, lot.entryId);
    }

    /** A lot that becomes active pays the account's debt first; the movement is recorded against {@code entryId}. */
    void settleDebt(AccountState account, LotState lot, UUID entryId) {
        long settled = Math.min(account.debt, lot.remaining);
        if (settled > 0) {
            lot.take(settled);
            account.debt -= settled;
            movements.add(new Movement(memberId, entryId, lot.id, lot.definitionId, settled));
        }
    }

    void expire(LotState lot) {
        AccountState account = accounts.get(lot.definitionId);
        long points = lot.remaining;
        UUID entryId = UUID.randomUUID();
        entries.add(new EntryRow(programId, memberId, lot.definitionId, account.nextSeq(), entryId, txId, EntryKind.EXPIRE,
                Ledger.EXPIRY_SOURCE, -points, "Points expired", null, null, null, lot.expiresAt, now, null, lot.expiresAt, null, lot.id));
        movements.add(new Movement(memberId, entryId, lot.id, lot.definitionId, points));
        lot.take(points);
        lot.status = LotStatus.EXPIRED;
        account.balance = Math.subtractExact(account.balance, points);
        account.expired = Math.addExact(account.expired, points);
    }

    /**
     * Expires, as one entry dated {@code before}, everything the account's active lots that became active before
     * {@code before} still hold (each lot's part is a movement of that entry); returns the points, 0 when there were none.
     */
    public long expireActiveBefore(int definitionId, Instant before, String source, String description) {
        AccountState account = accounts.get(definitionId);
        List<LotState> ending = lots.stream().filter(l -> l.definitionId == definitionId && l.active() && l.remaining > 0
                && l.validFrom.isBefore(before)).sorted(LotState.SPENDING_ORDER).toList();
        if (ending.isEmpty()) {
            return 0;
        }
        UUID entryId = UUID.randomUUID();
        long points = 0;
        for (LotState lot : ending) {
            long part = lot.remaining;
            points = Math.addExact(points, part);
            movements.add(new Movement(memberId, entryId, lot.id, lot.definitionId, part));
            lot.take(part);
            lot.status = LotStatus.EXPIRED;
        }
        entries.add(new EntryRow(programId, memberId, definitionId, account.nextSeq(), entryId, txId, EntryKind.EXPIRE, source,
                -points, description, null, null, null, before, now, null, null, null, null));
        account.balance = Math.subtractExact(account.balance, points);
        account.expired = Math.addExact(account.expired, points);
        return points;
    }

    /**
     * Earns a lot: pending until its validFrom, else active at once (paying the account's debt first). The definition's
     * caps may credit less than asked: the entry records what they withheld, and is an entry of 0 points, with no lot,
     * when they withheld it all.
     */
    public PostedEntry earn(Posting p) {
        AccountState account = accounts.get(p.definition().definitionId());
        DefinitionPolicy policy = p.definition();
        // Active and pending points are bounded together, so activating pending points (in a sweep) never overflows.
        bounded(account, "balance and pending points", Math.addExact(account.balance, account.pending), p.amount());
        bounded(account, "lifetime earned points", account.lifetimeEarned, p.amount());
        CapTotals.Decision cap = policy.caps().isEmpty() ? new CapTotals.Decision(p.amount(), 0, null)
                : CapTotals.apply(account.capTotals, policy.caps(), p.source(), p.amount(), now, policy.zone());
        long amount = cap.credited();
        account.lastActivityAt = now;
        Instant occurredAt = p.occurredAt() == null ? now : p.occurredAt();
        Instant validFrom = p.validFrom() == null || p.validFrom().isBefore(now) ? now : p.validFrom();
        Instant expiresAt = p.validTo() != null ? p.validTo() : policyExpiry(policy, occurredAt);
        UUID entryId = UUID.randomUUID();
        if (amount == 0) {
            EntryRow row = new EntryRow(programId, memberId, policy.definitionId(), account.nextSeq(), entryId, txId, EntryKind.EARN,
                    p.source(), 0, p.description(), p.reference(), p.partner(), p.actor(), occurredAt, now, null, null, null, null,
                    cap.capped(), cap.reason());
            entries.add(row);
            return new PostedEntry(entry(row, false), List.of());
        }
        boolean pending = validFrom.isAfter(now);
        LotState lot = new LotState(UUID.randomUUID(), memberId, entryId, policy.definitionId(), amount, amount,
                pending ? LotStatus.PENDING : LotStatus.ACTIVE, occurredAt, validFrom, expiresAt, true);
        lots.add(lot);
        EntryRow row = new EntryRow(programId, memberId, policy.definitionId(), account.nextSeq(), entryId, txId, EntryKind.EARN,
                p.source(), amount, p.description(), p.reference(), p.partner(), p.actor(), occurredAt, now,
                p.validFrom() == null ? validFrom : p.validFrom(), expiresAt, null, lot.id, cap.capped(), cap.reason());
        entries.add(row);
        account.lifetimeEarned = Math.addExact(account.lifetimeEarned, amount);
        if (pending) {
            account.pending = Math.addExact(account.pending, amount);
        } else {
            account.balance = Math.addExact(account.balance, amount);
            published.add(new PointsBecameActive(programId, memberId, policy.definitionId(), amount, validFrom, false));
            settleDebt(account, lot, entryId);
            if (expiresAt != null && !expiresAt.isAfter(now) && lot.remaining > 0) {
                expire(lot);
            }
        }
        return new PostedEntry(entry(row, pending), List.of(new Bucket(date(expiresAt, policy.zone()), amount)));
    }

    /** Gives the account's spending its first page of lots, read with other accounts' (before anything is spent). */
    void firstSpendablePage(int definitionId, List<LotState> page) {
        pagers.computeIfAbsent(definitionId, d -> new LotPager(this, d)).read(page);
    }

    /** Spends from the active lots, earliest-expiring first; what they lack is debt where the definition allows it. */
    public PostedEntry spend(Posting p) {
        AccountState account = accounts.get(p.definition().definitionId());
        if (p.amount() < -Ledger.POINTS_MAX) {
            throw new PointsOverflow(account.definitionId, "balance", account.balance, p.amount());
        }
        long need = -p.amount();
        UUID entryId = UUID.randomUUID();
        Map<UUID, Long> taken = take(account, p.definition(), need, entryId);
        bounded(account, "lifetime spent points", account.lifetimeSpent, need);
        Instant occurredAt = p.occurredAt() == null ? now : p.occurredAt();
        EntryRow row = new EntryRow(programId, memberId, account.definitionId, account.nextSeq(), entryId, txId, EntryKind.SPEND,
                p.source(), p.amount(), p.description(), p.reference(), p.partner(), p.actor(), occurredAt, now, null, null, null, null);
        entries.add(row);
        account.lifetimeSpent = Math.addExact(account.lifetimeSpent, need);
        account.lastActivityAt = now;
        return new PostedEntry(entry(row, false), buckets(taken, p.definition().zone(), -1));
    }

    /**
     * Takes {@code need} points from the account's active lots in spending order; what they do
     * not cover becomes debt where the definition allows it, else nothing is taken.
     */
    Map<UUID, Long> take(AccountState account, DefinitionPolicy policy, long need, UUID entryId) {
        // The cached figures are exact after settling: active points = balance + debt.
        long available = Math.max(0, Math.addExact(account.balance, account.debt));
        if (available < need && !policy.allowNegative()) {
            throw new InsufficientPoints(account.definitionId, Math.max(account.balance, 0), need);
        }
        LotPager pager = pagers.computeIfAbsent(account.definitionId, d -> new LotPager(this, d));
        Map<UUID, Long> taken = new LinkedHashMap<>();
        long left = need;
        while (left > 0) {
            LotState lot = lots.stream().filter(l -> l.definitionId == account.definitionId && l.active() && l.remaining > 0)
                    .min(LotState.SPENDING_ORDER).orElse(null);
            if (lot == null || !pager.covers(lot)) {
                if (pager.exhausted()) {
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
        account.debt = bounded(account, "debt", account.debt, left);
        account.balance = bounded(account, "balance", account.balance, -need);
        return taken;
    }

    /** Takes back an earning, wholly or {@code take} of it: from its own lot first, then from the balance. */
    public PostedEntry reverseEarning(Entry earning, long take, String source, String description, Actor actor) {
        return new Reversal(this, source, description, actor).ofEarning(earning, take);
    }

    /**
     * Takes {@code take} points of an earning back where they are now: from its own lot, then what was spent of it from
     * the balance (or as debt, or not recovered), and never what expired of it again.
     */
    public TakeBack takeBack(Entry earning, long take, String source, String description, Actor actor) {
        return new Reversal(this, source, description, actor).takeBack(earning, take);
    }

    /** Points this work expired from the lot that are not written yet (an expiry settled just now). */
    long expiredNotWritten(UUID lotId) {
        Set<UUID> expiries = new HashSet<>();
        entries.stream().filter(e -> e.kind() == EntryKind.EXPIRE).forEach(e -> expiries.add(e.id()));
        return movements.stream().filter(m -> m.lotId().equals(lotId) && expiries.contains(m.entryId())).mapToLong(Movement::amount).sum();
    }

    /** Gives a spend back, wholly or {@code give} of it: to the account's debt first, then to the lots it came from. */
    public PostedEntry reverseSpend(Entry spend, long give, String source, String description, Actor actor) {
        return new Reversal(this, source, description, actor).ofSpend(spend, give);
    }

    List<Bucket> buckets(Map<UUID, Long> byLot, ZoneId zone, int sign) {
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

    /**
     * {@code value + change} for one of an account's figures, or {@link PointsOverflow} when it would pass
     * {@link Ledger#POINTS_MAX} either way (or a {@code long}); checked before anything is written.
     */
    static long bounded(AccountState account, String figure, long value, long change) {
        long result;
        try {
            result = Math.addExact(value, change);
        } catch (ArithmeticException e) {
            throw new PointsOverflow(account.definitionId, figure, value, change);
        }
        if (result > Ledger.POINTS_MAX || result < -Ledger.POINTS_MAX) {
            throw new PointsOverflow(account.definitionId, figure, value, change);
        }
        return result;
    }

    void checkAccounts() {
        for (AccountState a : accounts.values()) {
            boolean deeperBelowZero = a.balance < 0 && a.balance < a.balanceWhenLocked;
            if (a.changed && (a.pending < 0 || a.debt < 0 || a.held < 0 || (deeperBelowZero && !policies.get(a.definitionId).allowNegative()))) {
                throw new IllegalStateException("account " + a.id + " would have balance " + a.balance + ", pending "
                        + a.pending + ", debt " + a.debt + ", held " + a.held);
            }
        }
    }

    static Entry entry(EntryRow r, boolean pending) {
        return new Entry(r.id(), r.transactionId(), r.memberId(), r.definitionId(), r.seq(), r.kind(), r.source(), r.amount(),
                r.description(), r.reference(), r.partner(), r.actor(), r.occurredAt(), r.recordedAt(), r.validFrom(),
                r.expiresAt(), r.reverses(), pending, r.cappedPoints() == 0 ? null : r.cappedPoints(), r.capReason());
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
