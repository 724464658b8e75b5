package dev.laurel.sync;

import dev.laurel.ledger.DefinitionPolicy;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.LedgerTransaction;
import dev.laurel.ledger.Posting;
import dev.laurel.members.Members;
import dev.laurel.platform.FieldError;
import dev.laurel.platform.InvalidInput;
import dev.laurel.programs.DefinitionPolicies;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.FollowerMode;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Programs;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * All-transaction sync: the point master's transactions, validated as a whole (one bad item refuses
 * the batch with every problem listed) and then applied in one transaction. Amounts are trusted as
 * the point master sends them: a follower account may go below zero.
 */
@Service
public class TransactionSyncs {

    public static final int ITEMS_MAX = 1000;

    private final Programs programs;
    private final Members members;
    private final Ledger ledger;
    private final MeterRegistry meters;

    TransactionSyncs(Programs programs, Members members, Ledger ledger, MeterRegistry meters) {
        this.meters = meters;
        this.programs = programs;
        this.members = members;
        this.ledger = ledger;
    }

    /** What was applied: the ledger transaction that holds the batch's entries. */
    public record Applied(UUID id, int items) {}

    public Applied apply(String programId, List<SyncItem> items) {
        if (items.size() > ITEMS_MAX) {
            throw new TooManyItems(ITEMS_MAX, items.size());
        }
        if (items.isEmpty()) {
            throw new InvalidInput("(body)", "must list at least one transaction");
        }
        Program program = programs.get(programId);
        refuseInactive(program, items);
        UUID[] contacts = validated(programId, items);
        List<Posting> postings = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            SyncItem item = items.get(i);
            PointDefinition d = program.definition(item.definitionId()).orElseThrow();
            DefinitionPolicy base = DefinitionPolicies.of(program, d);
            // The point master is the truth: what it sends is applied even if it overdraws the mirror.
            DefinitionPolicy policy = base.allowingNegative();
            postings.add(new Posting(contacts[i], policy, item.amount(), item.source(), item.description(), null, null, null,
                    item.timeStamp(), item.validFrom(), item.validTo()));
        }
        LedgerTransaction applied = ledger.postMany(programId, postings);
        meters.counter("laurel.sync.batches", "program", programId, "kind", "transactions").increment();
        meters.counter("laurel.sync.items", "program", programId, "kind", "transactions").increment(items.size());
        return new Applied(applied.id(), items.size());
    }

    /** Engage's "New point system not active": an item on a definition that is not a TRANSACTIONS follower. */
    private static void refuseInactive(Program program, List<SyncItem> items) {
        List<FieldError> inactive = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Optional<PointDefinition> d = program.definition(items.get(i).definitionId());
            if (d.isEmpty() || d.get().follower() != FollowerMode.TRANSACTIONS) {
                inactive.add(new FieldError("[" + i + "].definitionId", "point definition " + items.get(i).definitionId()
                        + (d.isEmpty() ? " does not exist" : " does not take transactions (it is not a TRANSACTIONS follower)")));
            }
        }
        if (!inactive.isEmpty()) {
            throw new NewPointSystemNotActive(inactive);
        }
    }

    /** Every problem of every item at once, in item order; else each item's member. */
    private UUID[] validated(String programId, List<SyncItem> items) {
        Set<UUID> ids = new HashSet<>();
        List<FieldError> errors = new ArrayList<>();
        UUID[] parsed = new UUID[items.size()];
        for (int i = 0; i < items.size(); i++) {
            SyncItem item = items.get(i);
            parsed[i] = SyncItem.contact(item.contactId()).orElse(null);
            if (parsed[i] == null) {
                errors.add(new FieldError("[" + i + "].contactId", "must be a contact id: a UUID of 36 characters (was "
                        + item.contactId().length() + " characters: '" + item.contactId() + "')"));
            } else {
                ids.add(parsed[i]);
            }
            itemErrors("[" + i + "]", item, errors);
        }
        Set<UUID> known = members.existing(programId, ids);
        for (int i = 0; i < items.size(); i++) {
            if (parsed[i] != null && !known.contains(parsed[i])) {
                errors.add(new FieldError("[" + i + "].contactId", "no contact " + parsed[i] + " in this program"));
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field, TransactionSyncs::byIndex));
            throw new InvalidInput(errors);
        }
        return parsed;
    }

    private static void itemErrors(String at, SyncItem item, List<FieldError> errors) {
        String amountProblem = item.amountProblem(false);
        if (amountProblem != null) {
            errors.add(new FieldError(at + ".amount", amountProblem));
        }
        if (item.source() == null || item.source().isBlank() || item.source().length() > Posting.SOURCE_CHARS_MAX) {
            errors.add(new FieldError(at + ".source", "must be 1 to " + Posting.SOURCE_CHARS_MAX
                    + " characters, such as Purchase, Adjustment or Return"));
        }
        if (item.description() != null && item.description().length() > SyncItem.DESCRIPTION_CHARS_MAX) {
            errors.add(new FieldError(at + ".description", "must be at most " + SyncItem.DESCRIPTION_CHARS_MAX + " characters"));
        }
        if (item.validFrom() != null && item.validTo() != null && !item.validTo().isAfter(item.validFrom())) {
            errors.add(new FieldError(at + ".validTo", "must be after validFrom"));
        }
    }

    /** Orders "[10].amount" after "[9].source". */
    private static int byIndex(String a, String b) {
        int ia = Integer.parseInt(a.substring(1, a.indexOf(']')));
        int ib = Integer.parseInt(b.substring(1, b.indexOf(']')));
        return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
    }
}
