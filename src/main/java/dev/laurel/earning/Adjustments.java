package dev.laurel.earning;

import dev.laurel.earning.internal.AdjustmentNoteStore;
import dev.laurel.ledger.Actor;
import dev.laurel.ledger.Entry;
import dev.laurel.ledger.EntryNotFound;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.LedgerTransaction;
import dev.laurel.ledger.PostedEntry;
import dev.laurel.ledger.Posting;
import dev.laurel.members.MemberId;
import dev.laurel.members.MemberNotFound;
import dev.laurel.members.Members;
import dev.laurel.platform.DatabaseFailures;
import dev.laurel.platform.Validation;
import dev.laurel.programs.DefinitionPolicies;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Programs;
import dev.laurel.programs.UnknownDefinition;
import dev.laurel.webhooks.Outbox;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Manual and automated point adjustments: checked here, whichever API they arrive through, then posted. */
@Service
public class Adjustments {

    public static final int DESCRIPTION_CHARS_MAX = 1000;
    /** An adjustment's internal note (a CHECK on adjustment_notes). */
    public static final int NOTE_CHARS_MAX = 1000;
    /** Each of the actor's fields: userId, userName, reason, processId, workflowId, workflowName. */
    public static final int ACTOR_FIELD_CHARS_MAX = 200;
    /** The largest amount (either sign) one adjustment or reversal moves: larger would overflow an account's totals. */
    public static final long AMOUNT_MAX = 1_000_000_000_000L;

    private final Programs programs;
    private final Members members;
    private final Ledger ledger;
    private final Outbox outbox;
    private final AdjustmentNoteStore notes;
    /** One instance, so that noted adjustments committed together have their notes written together. */
    private final Ledger.AlsoWritten<Adjustment, LedgerTransaction> noted = this::writeNotes;

    /** Engage's event type for an adjustment sent to the point master (the amount carries its sign). */
    public static final String EVENT_TYPE = "loyalty.addPoints";

    Adjustments(Programs programs, Members members, Ledger ledger, Outbox outbox, AdjustmentNoteStore notes) {
        this.programs = programs;
        this.members = members;
        this.ledger = ledger;
        this.outbox = outbox;
        this.notes = notes;
    }

    /** What became of an adjustment: applied to the ledger, or sent to the point master. */
    public sealed interface Outcome permits Applied, Forwarded {}

    /** Applied on a definition Laurel masters: the entry and the buckets it changed. */
    public record Applied(PostedEntry posted) implements Outcome {}

    /** On a follower definition: not applied, but written to the outbox for the point master's webhook. */
    public record Forwarded(UUID webhookEventId) implements Outcome {}

    /**
     * Applies an adjustment on a definition Laurel masters. On a follower definition it is not
     * applied: it goes to the outbox, in this transaction, for the point master, which sends the
     * change back with its next sync.
     */
    public Outcome apply(String programId, Adjustment a) {
        Program program = programs.get(programId);
        PointDefinition definition = definition(program, a.definitionId());
        validate(a);
        if (!definition.master()) {
            if (!members.exists(programId, MemberId.of(a.memberId()))) {
                throw new MemberNotFound(a.memberId().toString());
            }
            return new Forwarded(outbox.enqueue(programId, a.memberId(), EVENT_TYPE, Outbox.POINT_MASTER_ADJUSTMENTS, payload(a)));
        }
        Posting posting = Posting.of(a.memberId(), DefinitionPolicies.of(program, definition), a.amount(), a.source(), a.description())
                .withActor(a.actor());
        try {
            LedgerTransaction posted = a.note() == null ? ledger.post(programId, List.of(posting)) : ledger.post(programId, posting, a, noted);
            return new Applied(posted.entries().get(0));
        } catch (RuntimeException e) {
            // The member is checked by the write itself: the account's insert refers to it (one round trip fewer).
            if (DatabaseFailures.isMissingMember(e)) {
                throw new MemberNotFound(a.memberId().toString());
            }
            throw e;
        }
    }

    /**
     * The internal notes of those of {@code entryIds} (the member's) that are noted adjustments, by entry id: for the
     * console only, never for a member's page.
     */
    public Map<UUID, String> notes(String programId, UUID memberId, Collection<UUID> entryIds) {
        return notes.of(programId, memberId, entryIds);
    }

    private List<LedgerTransaction> writeNotes(String programId, List<Adjustment> adjustments, List<LedgerTransaction> posted) {
        List<AdjustmentNoteStore.Row> rows = new ArrayList<>();
        for (int i = 0; i < adjustments.size(); i++) {
            rows.add(new AdjustmentNoteStore.Row(adjustments.get(i).memberId(), posted.get(i).entries().get(0).entry().id(),
                    adjustments.get(i).note()));
        }
        notes.insertAll(programId, rows);
        return posted;
    }

    /** Engage's adjustment payload, its fields in the seed's order (the point master may read it as text). */
    static Map<String, Object> payload(Adjustment a) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ContactId", a.memberId().toString());
        p.put("Amount", a.amount());
        p.put("Description", a.description());
        p.put("Source", a.source());
        p.put("PointDefinitionId", a.definitionId());
        if (Adjustment.MANUAL.equals(a.source())) {
            p.put("UserId", a.actor().userId());
            p.put("UserName", a.actor().userName());
        } else {
            p.put("Reason", a.actor().reason());
            p.put("ProcessId", a.actor().processId());
            p.put("WorkflowId", a.actor().workflowId());
            p.put("WorkflowName", a.actor().workflowName());
        }
        return p;
    }

    /**
     * Reverses an entry (wholly, or {@code amount} of it) as an operator's correction. Entries of a
     * follower definition change only by the point master's sync: they are refused here.
     */
    public PostedEntry reverse(String programId, UUID memberId, UUID entryId, Long amount, String description, Actor actor) {
        validateReversal(amount, description, actor);
        members.get(programId, MemberId.of(memberId));
        Program program = programs.get(programId);
        Entry entry = ledger.entry(programId, memberId, entryId).orElseThrow(() -> new EntryNotFound(entryId.toString()));
        PointDefinition definition = program.definition(entry.definitionId()).orElseThrow(
                () -> new IllegalStateException("entry " + entryId + " is on a definition the program no longer has"));
        if (!definition.master()) {
            throw new FollowerDefinition(definition.id(),
                    "its entries change only by the point master's sync; send the correction to the point master.");
        }
        return ledger.reverse(programId, memberId, entryId, amount, "Adjustment",
                description == null ? "Reversal of " + entryId : description, actor, DefinitionPolicies.of(program, definition));
    }

    static PointDefinition definition(Program program, int definitionId) {
        return program.definition(definitionId).orElseThrow(() -> new UnknownDefinition("definitionId", definitionId));
    }

    private static void validate(Adjustment a) {
        Validation v = new Validation();
        if (a.amount() == 0) {
            v.add("amount", "must not be zero");
        } else if (a.amount() < -AMOUNT_MAX || a.amount() > AMOUNT_MAX) {
            v.add("amount", "must be between -" + AMOUNT_MAX + " and " + AMOUNT_MAX);
        }
        if (a.description() == null || a.description().isBlank()) {
            v.add("description", "is required");
        } else {
            atMost(v, "description", a.description(), DESCRIPTION_CHARS_MAX);
        }
        if (a.note() != null) {
            if (a.note().isBlank()) {
                v.add("note", "must not be blank (leave it out instead)");
            } else {
                atMost(v, "note", a.note(), NOTE_CHARS_MAX);
            }
        }
        if (Adjustment.MANUAL.equals(a.source())) {
            require(v, "userId", a.actor() == null ? null : a.actor().userId(), false);
            require(v, "userName", a.actor() == null ? null : a.actor().userName(), false);
        } else if (Adjustment.AUTOMATION.equals(a.source())) {
            require(v, "reason", a.actor() == null ? null : a.actor().reason(), false);
            require(v, "processId", a.actor() == null ? null : a.actor().processId(), false);
            require(v, "workflowId", a.actor() == null ? null : a.actor().workflowId(), false);
            // The seed's automation payload has "WorkflowName": "": present, possibly empty.
            require(v, "workflowName", a.actor() == null ? null : a.actor().workflowName(), true);
        } else {
            v.add("source", "must be Manual or Automation (was " + (a.source() == null ? "missing" : "'" + a.source() + "'") + ")");
        }
        v.throwIfInvalid();
    }

    private static void validateReversal(Long amount, String description, Actor actor) {
        Validation v = new Validation();
        if (amount != null && (amount < 1 || amount > AMOUNT_MAX)) {
            v.add("amount", "must be between 1 and " + AMOUNT_MAX);
        }
        atMost(v, "description", description, DESCRIPTION_CHARS_MAX);
        if (actor != null) {
            atMost(v, "userId", actor.userId(), ACTOR_FIELD_CHARS_MAX);
            atMost(v, "userName", actor.userName(), ACTOR_FIELD_CHARS_MAX);
        }
        v.throwIfInvalid();
    }

    private static void require(Validation v, String field, String value, boolean mayBeEmpty) {
        if (value == null || (!mayBeEmpty && value.isBlank())) {
            v.add(field, "is required");
        } else {
            atMost(v, field, value, ACTOR_FIELD_CHARS_MAX);
        }
    }

    private static void atMost(Validation v, String field, String value, int charsMax) {
        if (value != null && value.length() > charsMax) {
            v.add(field, "must be at most " + charsMax + " characters");
        }
    }
}
