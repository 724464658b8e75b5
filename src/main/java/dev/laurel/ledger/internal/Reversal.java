package dev.laurel.ledger.internal;

import dev.laurel.ledger.Actor;
import dev.laurel.ledger.DefinitionPolicy;
import dev.laurel.ledger.Entry;
import dev.laurel.ledger.EntryKind;
import dev.laurel.ledger.PointsBecameActive;
import dev.laurel.ledger.PointsTakenBack;
import dev.laurel.ledger.PostedEntry;
import dev.laurel.ledger.TakeBack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One reversal entry within a {@link Work}: an earning taken back, or a spend given back to exactly its lots; or the
 * release of a hold's points back to exactly the lots the hold took them from.
 */
final class Reversal {

    private final Work work;
    private final String source;
    private final String description;
    private final Actor actor;
    private final UUID entryId = UUID.randomUUID();

    Reversal(Work work, String source, String description, Actor actor) {
        this.work = work;
        this.source = source;
        this.description = description;
        this.actor = actor;
    }

    /** Takes {@code take} points of an earning back: from its own lot first (unless expired), then from the balance. */
    PostedEntry ofEarning(Entry earning, long take) {
        AccountState account = work.accounts.get(earning.definitionId());
        DefinitionPolicy policy = work.policies.get(earning.definitionId());
        LotState lot = lotOf(earning);
        Map<UUID, Long> taken = new LinkedHashMap<>();
        long fromLot = Math.min(take, lot.remaining);
        boolean pending = lot.pending();
        if (fromLot > 0 && lot.status != LotStatus.EXPIRED) {
            lot.take(fromLot);
            work.movements.add(new Movement(work.memberId, entryId, lot.id, lot.definitionId, fromLot));
            taken.put(lot.id, fromLot);
            if (pending) {
                account.pending = Math.subtractExact(account.pending, fromLot);
            } else {
                account.balance = Math.subtractExact(account.balance, fromLot);
                work.published.add(new PointsTakenBack(work.programId, work.memberId, lot.definitionId, fromLot, work.now));
            }
        } else {
            fromLot = 0;
        }
        long rest = take - fromLot;
        if (rest > 0) {
            taken.putAll(work.take(account, policy, rest, entryId));
            work.published.add(new PointsTakenBack(work.programId, work.memberId, account.definitionId, rest, work.now));
        }
        account.lifetimeEarned = Math.subtractExact(account.lifetimeEarned, take);
        EntryRow row = row(account, EntryKind.REVERSAL, -take, earning.id(), earning.reference(), earning.partner(), lot.id);
        return new PostedEntry(Work.entry(row, pending && rest == 0), work.buckets(taken, policy.zone(), -1));
    }

    /**
     * Takes {@code take} points of an earning back where they are now: from its own lot first (pending or active), then
     * what the member spent of it from their other active points (as debt where the definition allows it, else only as
     * far as the balance covers: the rest is not recovered); what expired is not taken again. Records the split in
     * {@code take_backs}, so later take-backs of the same earning go on from it.
     */
    TakeBack takeBack(Entry earning, long take) {
        AccountState account = work.accounts.get(earning.definitionId());
        DefinitionPolicy policy = work.policies.get(earning.definitionId());
        LotState lot = lotOf(earning);
        TakeBackFigures figures = work.store.takeBackFigures(work.programId, work.memberId, earning.id(), lot.id);
        long expiredOfLot = Math.addExact(figures.expiredOfLot(), work.expiredNotWritten(lot.id));
        long remaining = lot.status == LotStatus.EXPIRED ? 0 : lot.remaining;
        TakeBackPlan plan = TakeBackPlan.of(take, lot.original, remaining, expiredOfLot, figures);
        boolean pending = lot.pending();
        if (pending && plan.fromSpent() > 0) {
            // Nothing spends from a pending lot, and the entry (on that lot) would count as pending as a whole.
            throw new IllegalStateException("earning " + earning.id() + " is pending yet " + plan.fromSpent() + " of it was spent");
        }
        Map<UUID, Long> taken = new LinkedHashMap<>();
        if (plan.fromLot() > 0) {
            lot.take(plan.fromLot());
            work.movements.add(new Movement(work.memberId, entryId, lot.id, lot.definitionId, plan.fromLot()));
            taken.put(lot.id, plan.fromLot());
            if (pending) {
                account.pending = Math.subtractExact(account.pending, plan.fromLot());
            } else {
                account.balance = Math.subtractExact(account.balance, plan.fromLot());
                work.published.add(new PointsTakenBack(work.programId, work.memberId, lot.definitionId, plan.fromLot(), work.now));
            }
        }
        long fromBalance = 0;
        long asDebt = 0;
        long covered = plan.fromSpent();
        if (!policy.allowNegative()) {
            // The cached figures are exact after settling: active points = balance + debt.
            covered = Math.min(covered, Math.max(0, Math.addExact(account.balance, account.debt)));
        }
        if (covered > 0) {
            long debtBefore = account.debt;
            taken.putAll(work.take(account, policy, covered, entryId));
            asDebt = account.debt - debtBefore;
            fromBalance = covered - asDebt;
            work.published.add(new PointsTakenBack(work.programId, work.memberId, account.definitionId, covered, work.now));
        }
        long notRecovered = plan.fromSpent() - covered;
        long points = plan.fromLot() + covered;
        PostedEntry posted = null;
        if (points > 0) {
            account.lifetimeEarned = Math.subtractExact(account.lifetimeEarned, points);
            EntryRow row = row(account, EntryKind.REVERSAL, -points, earning.id(), earning.reference(), earning.partner(), lot.id);
            posted = new PostedEntry(Work.entry(row, pending && covered == 0), work.buckets(taken, policy.zone(), -1));
        }
        work.takeBacks.add(new TakeBackRow(work.memberId, account.definitionId, UUID.randomUUID(), earning.id(),
                posted == null ? null : entryId, plan.fromLot(), fromBalance, asDebt, plan.expired(), notRecovered, work.now));
        return new TakeBack(posted, plan.fromLot(), pending, fromBalance, asDebt, plan.expired(), notRecovered);
    }

    /** The earning's own lot, as this work knows it (loaded if it was not). */
    private LotState lotOf(Entry earning) {
        UUID lotId = work.store.lotOf(work.programId, work.memberId, earning.id()).orElseThrow(
                () -> new IllegalStateException("earning " + earning.id() + " has no lot"));
        return work.lots.stream().filter(l -> l.id.equals(lotId)).findFirst().orElseGet(() -> {
            LotState loaded = work.store.lot(work.programId, work.memberId, lotId).orElseThrow();
            work.lots.add(loaded);
            return loaded;
        });
    }

    /**
     * Gives {@code give} points of a spend back: the part of the spend that became debt and is still open is
     * cancelled (or, if later points paid that debt since, comes back as a lot of its own); the rest pays whatever
     * the account owes now, then goes back to the lots the spend still holds, latest-expiring first.
     */
    PostedEntry ofSpend(Entry spend, long give) {
        AccountState account = work.accounts.get(spend.definitionId());
        DefinitionPolicy policy = work.policies.get(spend.definitionId());
        Map<UUID, Long> given = new LinkedHashMap<>();
        long left = give - fromDebtPart(spend, give, account, policy, given);
        // Points coming back while the account still owes (another spend's debt) pay that debt
        // first, as any points that become active do: given back to lots, they would sit active
        // next to the debt and could expire while it stays unpaid. They stay counted as held by
        // this spend, so its later reversals, latest-expiring first and never more than is open,
        // leave out the earliest-expiring points: those are the ones that paid the debt.
        long paysDebt = Math.min(account.debt, left);
        account.debt -= paysDebt;
        left -= paysDebt;
        List<LotState> restoredLots = left > 0 ? toHeldLots(spend.id(), left, given) : List.of();
        Work.bounded(account, "balance and pending points", Math.addExact(account.balance, account.pending), give);
        account.balance = Work.bounded(account, "balance", account.balance, give);
        account.lifetimeSpent = Math.subtractExact(account.lifetimeSpent, give);
        EntryRow row = row(account, EntryKind.REVERSAL, give, spend.id(), spend.reference(), spend.partner(), null);
        // Active again, as if earned now: a tier-qualifying balance that rises may reach a level at once.
        work.published.add(new PointsBecameActive(work.programId, work.memberId, spend.definitionId(), give, work.now, false));
        for (LotState lot : work.lots) {
            if (lot.created && lot.entryId.equals(entryId)) {
                work.settleDebt(account, lot, entryId);
            }
        }
        for (LotState lot : restoredLots) {
            if (lot.expiresAt != null && !lot.expiresAt.isAfter(work.now) && lot.remaining > 0) {
                work.expire(lot);
            }
        }
        return new PostedEntry(Work.entry(row, false), work.buckets(given, policy.zone(), 1));
    }

    /**
     * Gives {@code give} of a hold's points back in a {@code RELEASE} entry: to the account's debt first, if it has
     * taken one on since (points that become active pay debt first), then to the lots the hold took them from,
     * latest-expiring first; a lot given back to after its expiry expires again. A hold never takes on debt, so it has
     * no debt part of its own.
     */
    PostedEntry ofHold(UUID holdEntryId, int definitionId, String reference, long give) {
        AccountState account = work.accounts.get(definitionId);
        DefinitionPolicy policy = work.policies.get(definitionId);
        Map<UUID, Long> given = new LinkedHashMap<>();
        long paysDebt = Math.min(account.debt, give);
        account.debt -= paysDebt;
        long left = give - paysDebt;
        List<LotState> restoredLots = left > 0 ? toHeldLots(holdEntryId, left, given) : List.of();
        account.balance = Math.addExact(account.balance, give);
        EntryRow row = row(account, EntryKind.RELEASE, give, holdEntryId, reference, null, null);
        for (LotState lot : restoredLots) {
            if (lot.expiresAt != null && !lot.expiresAt.isAfter(work.now) && lot.remaining > 0) {
                work.expire(lot);
            }
        }
        return new PostedEntry(Work.entry(row, false), work.buckets(given, policy.zone(), 1));
    }

    /** The share of {@code give} that cancels the spend's open debt part; what later points already paid comes back as a new lot. */
    private long fromDebtPart(Entry spend, long give, AccountState account, DefinitionPolicy policy, Map<UUID, Long> given) {
        long[] totals = work.store.spendLotTotals(work.programId, work.memberId, spend.id());
        long reversedSoFar = work.store.reversedSoFar(work.programId, work.memberId, spend.id());
        long debtPart = Math.abs(spend.amount()) - totals[0];
        long debtPartOpen = debtPart - (reversedSoFar - totals[1]);
        long fromDebt = Math.min(give, Math.max(debtPartOpen, 0));
        if (fromDebt > 0) {
            long settled = Math.min(account.debt, fromDebt);
            account.debt -= settled;
            long fresh = fromDebt - settled;
            if (fresh > 0) {
                // The debt was paid since by later points: what comes back is a lot of its own.
                Instant expiresAt = Work.policyExpiry(policy, work.now);
                LotState lot = new LotState(UUID.randomUUID(), work.memberId, entryId, account.definitionId, fresh, fresh,
                        LotStatus.ACTIVE, work.now, work.now, expiresAt, true);
                work.lots.add(lot);
                given.put(lot.id, fresh);
            }
        }
        return fromDebt;
    }

    /**
     * Gives {@code left} points back to the lots the spend (or hold) still holds, latest-expiring first; returns the
     * lots it gave to.
     */
    private List<LotState> toHeldLots(UUID spendId, long left, Map<UUID, Long> given) {
        List<LotState> restoredLots = new ArrayList<>();
        Map<UUID, Long> read = work.heldRead.remove(spendId);
        Map<UUID, Long> held = read != null ? read : work.store.heldBySpend(work.programId, work.memberId, spendId);
        List<LotState> heldLots = new ArrayList<>(lotsById(held.keySet()));
        heldLots.sort(LotState.SPENDING_ORDER.reversed());
        for (LotState lot : heldLots) {
            if (left == 0) {
                break;
            }
            long part = Math.min(left, held.get(lot.id));
            lot.giveBack(part);
            if (lot.status == LotStatus.EXPIRED) {
                lot.status = LotStatus.ACTIVE;
            }
            work.movements.add(new Movement(work.memberId, entryId, lot.id, lot.definitionId, -part));
            given.merge(lot.id, part, Long::sum);
            restoredLots.add(lot);
            left -= part;
        }
        if (left != 0) {
            throw new IllegalStateException("entry " + spendId + " holds less than its open amount: " + left + " missing");
        }
        return restoredLots;
    }

    private List<LotState> lotsById(Set<UUID> ids) {
        Map<UUID, LotState> known = new HashMap<>();
        work.lots.forEach(l -> known.put(l.id, l));
        List<UUID> missing = ids.stream().filter(id -> !known.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            for (LotState loaded : work.store.lots(work.programId, work.memberId, missing)) {
                work.lots.add(loaded);
                known.put(loaded.id, loaded);
            }
        }
        return ids.stream().map(known::get).toList();
    }

    private EntryRow row(AccountState account, EntryKind kind, long amount, UUID reverses, String reference, String partner,
            UUID lotId) {
        EntryRow row = new EntryRow(work.programId, work.memberId, account.definitionId, account.nextSeq(), entryId, work.txId(),
                kind, source, amount, description, reference, partner, actor, work.now, work.now, null, null, reverses, lotId);
        work.entries.add(row);
        return row;
    }
}
