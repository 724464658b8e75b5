package dev.laurel.ledger.internal;

import dev.laurel.ledger.DefinitionPolicy;
import dev.laurel.ledger.EntriesRecorded;
import dev.laurel.ledger.EntryKind;
import dev.laurel.ledger.PointsActivated;
import dev.laurel.ledger.PointsBecameActive;
import dev.laurel.ledger.Posting;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Opens a {@link Work} over locked accounts (creating those used for the first time) and writes back what works
 * changed: one batch statement per table for all of them, then the events.
 */
@Component
public class Works {

    private final LedgerStore store;
    private final LedgerWrites writes;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Works(LedgerStore store, LedgerWrites writes, Clock clock, ApplicationEventPublisher events) {
        this.store = store;
        this.writes = writes;
        this.clock = clock;
        this.events = events;
    }

    /** Locks one member's accounts of these definitions (creating those used for the first time), in definition order. */
    public Work begin(String programId, UUID memberId, Map<Integer, DefinitionPolicy> policies) {
        Instant now = clock.instant();
        Map<Integer, AccountState> accounts = store.lockAccounts(programId, memberId, policies.keySet(), now);
        if (accounts.size() != policies.size()) {
            throw new IllegalStateException("accounts " + policies.keySet() + " of member " + memberId + " could not be locked");
        }
        return new Work(store, programId, memberId, now, UUID.randomUUID(), policies, accounts);
    }

    /**
     * Locks the accounts of many members in one statement, in the fixed (member, definition) order,
     * creating those that do not exist in that same statement, and gives a {@link Work} per member
     * with what was due settled.
     */
    public <T> Map<UUID, Work> beginMany(String programId, List<T> items, Function<T, UUID> memberOf,
            Function<T, DefinitionPolicy> policyOf) {
        List<UUID> memberIds = items.stream().map(memberOf).toList();
        List<DefinitionPolicy> policies = items.stream().map(policyOf).toList();
        Instant now = clock.instant();
        UUID txId = UUID.randomUUID();
        List<UUID> keyMembers = new ArrayList<>();
        List<Integer> keyDefinitions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < memberIds.size(); i++) {
            if (seen.add(memberIds.get(i) + "/" + policies.get(i).definitionId())) {
                keyMembers.add(memberIds.get(i));
                keyDefinitions.add(policies.get(i).definitionId());
            }
        }
        List<AccountState> locked = store.lockAccounts(programId, keyMembers, keyDefinitions, now);
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
                new Work(store, programId, member, now, txId, memberPolicies, accountsByMember.get(member))));
        List<LotState> due = store.dueLots(programId, keyMembers, keyDefinitions, now);
        due.forEach(l -> works.get(l.memberId).lots.add(l));
        works.values().forEach(Work::settleDue);
        return works;
    }

    /** A work per member over claimed accounts of one program; activation and expiry need no policy. */
    private Map<UUID, Work> claimedWorks(List<AccountState> claimed, Instant now, UUID txId) {
        String programId = claimed.get(0).programId;
        Map<UUID, Map<Integer, AccountState>> byMember = new LinkedHashMap<>();
        claimed.forEach(a -> byMember.computeIfAbsent(a.memberId, m -> new TreeMap<>()).put(a.definitionId, a));
        Map<UUID, Work> works = new LinkedHashMap<>();
        byMember.forEach((member, accounts) -> {
            Map<Integer, DefinitionPolicy> policies = new TreeMap<>();
            accounts.keySet().forEach(d -> policies.put(d, new DefinitionPolicy(d, null, true, ZoneOffset.UTC)));
            works.put(member, new Work(store, programId, member, now, txId, policies, accounts));
        });
        return works;
    }

    /**
     * Works over accounts of one program the sweep has claimed (and locked), one per member, with every due lot of them
     * loaded by one query. Activation and expiry need no policy: lots carry their own dates.
     */
    public List<Work> settlingAll(List<AccountState> claimed, Instant now, UUID txId) {
        if (claimed.isEmpty()) {
            return List.of();
        }
        String programId = claimed.get(0).programId;
        Map<UUID, Work> works = claimedWorks(claimed, now, txId);
        store.dueLots(programId, claimed.stream().map(a -> a.memberId).toList(), claimed.stream().map(a -> a.definitionId).toList(), now)
                .forEach(l -> works.get(l.memberId).lots.add(l));
        return List.copyOf(works.values());
    }

    /**
     * Settles what is due on accounts of one program the sweep has claimed (and locked), one work per member, and writes
     * it: {activated, expired}. One statement reads their due lots and activates, in place, the pending lots of every
     * member with no debt and nothing to expire (the common case: no lot of theirs is loaded to be written back); the
     * other members' due lots are settled by {@link Work#settleDue}, as a posting settles them. Either way the accounts
     * and the listeners get the same figures and events, written and published by {@link #flushAll}.
     */
    public int[] settleAll(List<AccountState> claimed, Instant now, UUID txId) {
        if (claimed.isEmpty()) {
            return new int[] {0, 0};
        }
        String programId = claimed.get(0).programId;
        Map<UUID, Work> works = claimedWorks(claimed, now, txId);
        Map<UUID, List<LotState>> activatedByMember = new HashMap<>();
        for (LedgerStore.DueLot due : store.settleDueLots(programId, claimed.stream().map(a -> a.memberId).toList(),
                claimed.stream().map(a -> a.definitionId).toList(), claimed.stream().map(a -> a.debt == 0).toList(), now)) {
            if (due.activated()) {
                activatedByMember.computeIfAbsent(due.lot().memberId, m -> new ArrayList<>()).add(due.lot());
            } else {
                works.get(due.lot().memberId).lots.add(due.lot());
            }
        }
        int activated = 0;
        int expired = 0;
        for (Work work : works.values()) {
            activated += work.activatedInStore(activatedByMember.getOrDefault(work.memberId, List.of()));
            int[] counts = work.settleDue();
            activated += counts[0];
            expired += counts[1];
        }
        flushAll(works.values());
        return new int[] {activated, expired};
    }

    /**
     * Reads the first page of spendable lots of every account a batch spends from, in one query, so that no spend of
     * the batch reads on its own (one that needs more than a page reads the rest as it goes).
     */
    public void readSpendable(String programId, Map<UUID, Work> byMember, List<Posting> postings) {
        Set<String> seen = new HashSet<>();
        List<UUID> members = new ArrayList<>();
        List<Integer> definitions = new ArrayList<>();
        for (Posting p : postings) {
            if (p.amount() < 0 && seen.add(p.memberId() + "/" + p.definition().definitionId())) {
                members.add(p.memberId());
                definitions.add(p.definition().definitionId());
            }
        }
        if (members.isEmpty()) {
            return;
        }
        Map<String, List<LotState>> pages = new HashMap<>();
        store.spendableLots(programId, members, definitions, LotPager.PAGE_LOTS)
                .forEach(l -> pages.computeIfAbsent(l.memberId + "/" + l.definitionId, k -> new ArrayList<>()).add(l));
        for (int i = 0; i < members.size(); i++) {
            byMember.get(members.get(i)).firstSpendablePage(definitions.get(i),
                    pages.getOrDefault(members.get(i) + "/" + definitions.get(i), List.of()));
        }
    }

    /**
     * Reads, for many entries about to be given back to their lots (holds to close; entry i of member i), what each
     * holds by lot and those lots, in two queries for all of them, so that closing them reads nothing more.
     */
    public void readHeld(String programId, Map<UUID, Work> byMember, List<UUID> memberIds, List<UUID> entryIds) {
        if (entryIds.isEmpty()) {
            return;
        }
        Map<UUID, Map<UUID, Long>> held = store.heldByEntries(programId, memberIds, entryIds);
        List<UUID> lotMembers = new ArrayList<>();
        List<UUID> lotIds = new ArrayList<>();
        for (int i = 0; i < entryIds.size(); i++) {
            Map<UUID, Long> byLot = held.getOrDefault(entryIds.get(i), new LinkedHashMap<>());
            byMember.get(memberIds.get(i)).heldRead.put(entryIds.get(i), byLot);
            for (UUID lot : byLot.keySet()) {
                lotMembers.add(memberIds.get(i));
                lotIds.add(lot);
            }
        }
        if (lotIds.isEmpty()) {
            return;
        }
        Map<UUID, List<LotState>> lots = new HashMap<>();
        store.lotsOf(programId, lotMembers, lotIds).forEach(l -> lots.computeIfAbsent(l.memberId, m -> new ArrayList<>()).add(l));
        lots.forEach((member, read) -> byMember.get(member).addLotsNotKnown(read));
    }

    /**
     * Adds to each member's work the active lots of their account of {@code definitionId} that became active before
     * {@code before}, read for all of them in one query; a lot the work already holds (settled just now) stays as it is.
     */
    public void readActiveBefore(String programId, Map<UUID, Work> byMember, int definitionId, Instant before) {
        Map<UUID, List<LotState>> byOwner = new HashMap<>();
        store.activeLotsBefore(programId, List.copyOf(byMember.keySet()), definitionId, before)
                .forEach(l -> byOwner.computeIfAbsent(l.memberId, m -> new ArrayList<>()).add(l));
        byOwner.forEach((member, loaded) -> byMember.get(member).addLotsNotKnown(loaded));
    }

    public void flush(Work work) {
        flushAll(List.of(work));
    }

    /** Writes what several members' work changed: one batch statement per table for all of them. */
    public void flushAll(Collection<Work> all) {
        List<Work> works = List.copyOf(all);
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
        List<TakeBackRow> takeBacks = new ArrayList<>();
        for (Work w : works) {
            takeBacks.addAll(w.takeBacks);
            w.checkAccounts();
            entries.addAll(w.entries);
            w.lots.forEach(l -> (l.created ? created : l.dirty ? changed : new ArrayList<LotState>()).add(l));
            movements.addAll(w.movements);
            w.accounts.values().stream().filter(a -> a.changed).forEach(accounts::add);
        }
        writes.insertEntries(entries);
        writes.insertLots(programId, created);
        writes.updateLots(programId, changed);
        writes.insertMovements(programId, movements);
        writes.updateAccounts(accounts, now);
        writes.insertTakeBacks(programId, takeBacks);
        if (!entries.isEmpty()) {
            events.publishEvent(new EntriesRecorded(programId, entries.stream().map(r -> new EntriesRecorded.Recorded(r.memberId(),
                    r.transactionId(), r.id(), r.definitionId(), r.kind(), r.source(), r.amount(), r.occurredAt(), r.validFrom() != null && r.validFrom().isAfter(now)
                    && r.kind() == EntryKind.EARN, r.cappedPoints(), r.capReason())).toList()));
        }
        // Activations come first in every work (settling, then earning); what else a work publishes follows them.
        List<PointsBecameActive> activations = new ArrayList<>();
        List<Object> others = new ArrayList<>();
        for (Work w : works) {
            w.published.forEach(e -> {
                if (e instanceof PointsBecameActive active) {
                    activations.add(active);
                } else {
                    others.add(e);
                }
            });
        }
        if (!activations.isEmpty()) {
            events.publishEvent(new PointsActivated(programId, activations));
        }
        others.forEach(events::publishEvent);
    }
}
