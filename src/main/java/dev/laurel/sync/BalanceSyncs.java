package dev.laurel.sync;

import dev.laurel.ledger.DefinitionPolicy;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.Ledger.BalanceSync;
import dev.laurel.ledger.Ledger.BalanceSyncResult;
import dev.laurel.members.Members;
import dev.laurel.platform.DatabaseFailures;
import dev.laurel.platform.Dates;
import dev.laurel.platform.FieldError;
import dev.laurel.platform.InvalidInput;
import dev.laurel.platform.Problem;
import dev.laurel.programs.DefinitionPolicies;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.FollowerMode;
import dev.laurel.programs.Program.PointDefinition;
import dev.laurel.programs.Programs;
import dev.laurel.sync.BalanceImport.Message;
import dev.laurel.sync.internal.BalanceImportStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Balance-only sync (Engage's BalanceAccountToAmountJob): a request is stored as received and
 * answered with its id at once; the balance sweep applies it a chunk at a time, each chunk in one
 * transaction with its progress, so a node that dies mid-way leaves the rest to the next run.
 */
@Service
public class BalanceSyncs {

    private static final Logger log = LoggerFactory.getLogger(BalanceSyncs.class);

    public static final int ITEMS_MAX = 10_000;
    public static final int CHUNK_ITEMS = 1000;
    public static final int IMPORTS_LISTED_MAX = 500;
    public static final String SOURCE = "BalanceSync";
    private static final TypeReference<List<Map<String, Object>>> ITEMS = new TypeReference<>() {};

    private final BalanceImportStore store;
    private final Programs programs;
    private final Members members;
    private final Ledger ledger;
    private final TransactionTemplate tx;
    /** A savepoint inside the chunk's transaction: a part of the chunk that fails is rolled back alone. */
    private final TransactionTemplate savepoint;
    private final Clock clock;
    private final JsonMapper json;
    private final MeterRegistry meters;

    BalanceSyncs(BalanceImportStore store, Programs programs, Members members, Ledger ledger, TransactionTemplate tx, Clock clock,
            JsonMapper json, MeterRegistry meters) {
        this.meters = meters;
        this.store = store;
        this.programs = programs;
        this.members = members;
        this.ledger = ledger;
        this.tx = tx;
        this.savepoint = new TransactionTemplate(tx.getTransactionManager());
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
        this.json = json;
    }

    /** Stores a request durably (nothing of it is applied yet) and returns its id. */
    public UUID submit(String programId, List<SyncItem> items) {
        if (items.size() > ITEMS_MAX) {
            throw new TooManyItems(ITEMS_MAX, items.size());
        }
        if (items.isEmpty()) {
            throw new InvalidInput("(body)", "must list at least one balance");
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String amountProblem = items.get(i).amountProblem(true);
            if (amountProblem != null) {
                errors.add(new FieldError("[" + i + "].amount", amountProblem));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        programs.get(programId);
        List<Map<String, Object>> stored = items.stream().map(i -> Map.<String, Object>of("contactId", i.contactId(),
                "amount", i.amount(), "definitionId", i.definitionId(), "timeStamp", i.timeStamp().toString())).toList();
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(s -> store.insert(programId, id, json.writeValueAsString(stored), items.size(), clock.instant()));
        meters.counter("laurel.sync.batches", "program", programId, "kind", "balances").increment();
        meters.counter("laurel.sync.items", "program", programId, "kind", "balances").increment(items.size());
        return id;
    }

    /** Balance imports waiting to be applied (queued or part-applied), and when the oldest was received. */
    public record Backlog(long waiting, Instant oldestReceivedAt) {}

    /** Every program's backlog of balance imports: one query, for metrics. */
    public Map<String, Backlog> backlogs() {
        return store.backlogs();
    }

    /** The program's latest balance-only requests, newest first (their messages are in {@link #status}). */
    public List<BalanceImportSummary> recent(String programId, int limit) {
        return store.recent(programId, Math.min(limit, IMPORTS_LISTED_MAX));
    }

    public BalanceImport status(String programId, UUID id) {
        return store.find(programId, id).orElseThrow(() -> new BalanceImportNotFound(id.toString()));
    }

    /**
     * Applies the next chunk of the oldest import still to apply; false when there is none. Unknown contacts,
     * definitions that are not BALANCE followers, time stamps outside {@link Dates}' range and balances older than the
     * last applied are reported, one message each; the rest applies. An item the ledger refuses (a {@link Problem} such
     * as {@code PointsOverflow}, or a value the database will not store) is found by applying the chunk in halves, and
     * is reported alone: its neighbours apply. Anything else is thrown and the chunk stays due with its progress
     * unchanged: a failure that passes ({@link DatabaseFailures#isTransient}: a restart, a lost connection, a
     * deadlock) is retried by the next sweep run, and a broken invariant is a bug to fix, not an item to blame.
     */
    public boolean applyNextChunk(Optional<String> programId) {
        Boolean applied = tx.execute(status -> {
            Optional<BalanceImportStore.Claimed> claimed = store.claimNext(programId);
            if (claimed.isEmpty()) {
                return false;
            }
            BalanceImportStore.Claimed c = claimed.get();
            List<Map<String, Object>> all = json.readValue(c.items(), ITEMS);
            int end = Math.min(c.applied() + CHUNK_ITEMS, c.count());
            Instant now = clock.instant();
            Chunk chunk = chunk(c, all, end, now);
            BalanceSyncResult[] results = new BalanceSyncResult[chunk.balances().size()];
            Map<Integer, RuntimeException> failed = new TreeMap<>();
            applyIsolating(c.programId(), chunk.balances(), 0, results.length, results, failed);
            for (int k = 0; k < results.length; k++) {
                int i = chunk.indexes().get(k);
                BalanceSync b = chunk.balances().get(k);
                String item = "Item " + i + ": contact " + b.memberId() + ", point definition " + b.definition().definitionId() + ": ";
                if (failed.containsKey(k)) {
                    chunk.messages().add(new Message(i, item + "not applied: " + reason(failed.get(k)) + ".", now));
                } else if (!results[k].applied()) {
                    chunk.messages().add(new Message(i, item + "its timeStamp " + b.timeStamp() + " is older than the last balance applied ("
                            + results[k].lastApplied() + "); skipped.", now));
                }
            }
            List<Message> messages = chunk.messages();
            messages.sort(Comparator.comparingInt(Message::itemIndex));
            store.addMessages(c.programId(), c.id(), messages);
            boolean done = end == c.count();
            String next = !done ? BalanceImport.PROCESSING
                    : !messages.isEmpty() || store.hasMessages(c.programId(), c.id()) ? BalanceImport.COMPLETED_WITH_ERRORS
                    : BalanceImport.COMPLETED;
            store.progress(c.programId(), c.id(), end, next, now);
            return true;
        });
        return Boolean.TRUE.equals(applied);
    }

    /**
     * Applies {@code balances[from, to)} in a savepoint. When an item of it is refused ({@link #itemFailure}), the part
     * is rolled back and its halves are applied, down to the single item that is refused, which goes to {@code failed}:
     * one refused item costs about 2 × log2({@link #CHUNK_ITEMS}) ≈ 20 tries, and its neighbours all apply.
     */
    private void applyIsolating(String programId, List<BalanceSync> balances, int from, int to, BalanceSyncResult[] results,
            Map<Integer, RuntimeException> failed) {
        if (from == to) {
            return;
        }
        try {
            List<BalanceSyncResult> part = savepoint.execute(s -> ledger.syncBalances(programId, balances.subList(from, to), SOURCE));
            for (int k = 0; k < part.size(); k++) {
                results[from + k] = part.get(k);
            }
        } catch (RuntimeException e) {
            if (!itemFailure(e)) {
                throw e;
            }
            if (to - from == 1) {
                log.warn("balance import item refused: {}", e.toString());
                failed.put(from, e);
                return;
            }
            int middle = (from + to) >>> 1;
            applyIsolating(programId, balances, from, middle, results, failed);
            applyIsolating(programId, balances, middle, to, results, failed);
        }
    }

    /**
     * A failure that one item can cause by itself: a refusal by the ledger, or a value the database will not store.
     * Not one that passes (the item is fine; the chunk is tried again) and not a broken invariant (a bug).
     */
    private static boolean itemFailure(RuntimeException e) {
        if (DatabaseFailures.isTransient(e)) {
            return false;
        }
        return e instanceof Problem || e instanceof ArithmeticException || e instanceof DataIntegrityViolationException;
    }

    private static String reason(RuntimeException e) {
        if (e instanceof Problem p) {
            return p.detail();
        }
        if (e instanceof DataIntegrityViolationException d) {
            return "the database refused it (" + d.getMostSpecificCause().getMessage() + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** A chunk's items read: the balances to set (with their item indexes) and a message for each item skipped. */
    private record Chunk(List<BalanceSync> balances, List<Integer> indexes, List<Message> messages) {}

    private Chunk chunk(BalanceImportStore.Claimed c, List<Map<String, Object>> all, int end, Instant now) {
        Program program = programs.get(c.programId());
        Chunk chunk = new Chunk(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Set<UUID> candidates = new HashSet<>();
        for (int i = c.applied(); i < end; i++) {
            SyncItem.contact(all.get(i).get("contactId")).ifPresent(candidates::add);
        }
        Set<UUID> known = members.existing(c.programId(), candidates);
        for (int i = c.applied(); i < end; i++) {
            Map<String, Object> item = all.get(i);
            String contact = String.valueOf(item.get("contactId"));
            int definitionId = ((Number) item.get("definitionId")).intValue();
            Optional<UUID> member = SyncItem.contact(item.get("contactId")).filter(known::contains);
            Optional<PointDefinition> definition = program.definition(definitionId);
            if (member.isEmpty()) {
                chunk.messages().add(new Message(i, "Item " + i + ": contact " + contact + " is not a member of this program; skipped.", now));
            } else if (definition.isEmpty() || definition.get().follower() != FollowerMode.BALANCE) {
                chunk.messages().add(new Message(i, "Item " + i + ": point definition " + definitionId
                        + (definition.isEmpty() ? " does not exist" : " is not a balance-only (BALANCE) follower definition")
                        + "; contact " + contact + " skipped.", now));
            } else {
                // The point master is the truth: its balance is set as it is, even below zero.
                DefinitionPolicy base = DefinitionPolicies.of(program, definition.get());
                DefinitionPolicy policy = base.allowingNegative();
                Instant timeStamp = Instant.parse((String) item.get("timeStamp"));
                if (!Dates.accepted(timeStamp)) {
                    // Refused at the door since dates are bounded; an import stored before that may still carry one.
                    chunk.messages().add(new Message(i, "Item " + i + ": contact " + contact + ", point definition " + definitionId
                            + ": its timeStamp " + timeStamp + " is outside the dates Laurel accepts (" + Dates.RANGE + "); skipped.", now));
                    continue;
                }
                chunk.balances().add(new BalanceSync(member.get(), policy, ((Number) item.get("amount")).longValue(), timeStamp));
                chunk.indexes().add(i);
            }
        }
        return chunk;
    }
}
