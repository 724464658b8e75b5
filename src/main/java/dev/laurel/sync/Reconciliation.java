package dev.laurel.sync;

import dev.laurel.ledger.Entry;
import dev.laurel.ledger.EntryKind;
import dev.laurel.ledger.EntryPage;
import dev.laurel.ledger.Ledger;
import dev.laurel.members.MemberId;
import dev.laurel.members.Members;
import dev.laurel.platform.InvalidInput;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.FollowerMode;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Programs;
import dev.laurel.programs.UnknownDefinition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Compares a TRANSACTIONS follower account with the point master's points log: the transactions
 * each side has that the other lacks, and the drift between their totals. This is what the seed
 * warns of ("transactions might be missed") made visible.
 */
@Service
public class Reconciliation {

    public static final int ENTRIES_MAX = 10_000;

    private final Programs programs;
    private final Members members;
    private final Ledger ledger;
    private final PointMasterHistory history;

    Reconciliation(Programs programs, Members members, Ledger ledger, PointMasterHistory history) {
        this.programs = programs;
        this.members = members;
        this.ledger = ledger;
        this.history = history;
    }

    /** A Laurel entry the master's log does not have. */
    public record LaurelOnly(UUID entryId, Instant occurredAt, long amount, String description, String source) {}

    public record Report(int definitionId, long masterTotal, long laurelTotal, long drift, List<HistoryItem> missingInLaurel,
            List<LaurelOnly> missingAtMaster, boolean inSync) {}

    public Report reconcile(String programId, UUID memberId, int definitionId) {
        members.get(programId, MemberId.of(memberId));
        Program program = programs.get(programId);
        PointDefinition definition = program.definition(definitionId).orElseThrow(() -> new UnknownDefinition("definitionId", definitionId));
        if (definition.follower() != FollowerMode.TRANSACTIONS) {
            throw new InvalidInput("definitionId", "must be a TRANSACTIONS follower definition: only those hold the master's transactions");
        }
        List<HistoryItem> master = history.fetch(programId, memberId);
        List<Entry> synced = syncedEntries(programId, memberId, definitionId);

        Map<String, LinkedList<Entry>> unmatched = new HashMap<>();
        for (Entry e : synced) {
            unmatched.computeIfAbsent(key(e.occurredAt(), e.amount(), e.description()), k -> new LinkedList<>()).add(e);
        }
        List<HistoryItem> missingInLaurel = new ArrayList<>();
        for (HistoryItem item : master) {
            LinkedList<Entry> same = unmatched.get(key(item.transactionDate(), item.amount(), item.description()));
            if (same == null || same.isEmpty()) {
                missingInLaurel.add(item);
            } else {
                same.removeFirst();
            }
        }
        List<LaurelOnly> missingAtMaster = unmatched.values().stream().flatMap(List::stream)
                .sorted(Comparator.comparing(Entry::occurredAt))
                .map(e -> new LaurelOnly(e.id(), e.occurredAt(), e.amount(), e.description(), e.source())).toList();
        long masterTotal = master.stream().mapToLong(HistoryItem::amount).reduce(0, Math::addExact);
        long laurelTotal = synced.stream().mapToLong(Entry::amount).reduce(0, Math::addExact);
        long drift = Math.subtractExact(masterTotal, laurelTotal);
        return new Report(definitionId, masterTotal, laurelTotal, drift, missingInLaurel, missingAtMaster,
                drift == 0 && missingInLaurel.isEmpty() && missingAtMaster.isEmpty());
    }

    /** The account's entries that came from the master (earnings and spends; not Laurel's own expiries). */
    private List<Entry> syncedEntries(String programId, UUID memberId, int definitionId) {
        List<Entry> entries = new ArrayList<>();
        EntryPage page = ledger.log(programId, memberId, definitionId, null, Ledger.LOG_LIMIT_MAX);
        while (true) {
            page.entries().stream().filter(e -> e.kind() == EntryKind.EARN || e.kind() == EntryKind.SPEND).forEach(entries::add);
            if (page.next() == null || entries.size() >= ENTRIES_MAX) {
                break;
            }
            page = ledger.log(programId, memberId, definitionId, page.next(), Ledger.LOG_LIMIT_MAX);
        }
        return entries;
    }

    /** Transactions match on the second they happened, the amount and the description. */
    private static String key(Instant at, long amount, String description) {
        return at.truncatedTo(ChronoUnit.SECONDS) + "|" + amount + "|" + Objects.toString(description, "");
    }
}
