package dev.laurel.redemption;

import dev.laurel.ledger.DefinitionPolicy;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.PostedEntry;
import dev.laurel.platform.Money;
import dev.laurel.programs.Program;
import dev.laurel.programs.Program.CashOut;
import dev.laurel.programs.Program.RewardKind;
import dev.laurel.programs.Programs;
import dev.laurel.redemption.internal.CashOutStore;
import dev.laurel.redemption.internal.CashOutStore.Conversion;
import dev.laurel.redemption.internal.CashOutStore.Run;
import dev.laurel.redemption.internal.VoucherCodes;
import dev.laurel.redemption.internal.VoucherStore;
import dev.laurel.timeline.Timeline;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cash-out periods (the program document's {@code cashOut}). When a period has ended, its run is created, once per
 * program and period; then batch by batch, in member-id order from the run's cursor, each member whose spendable
 * balance reaches the threshold has it converted, in whole steps, into one gift-card voucher worth the step's value per
 * step: one ledger entry, one voucher, one conversion row and one timeline event each, and the cursor moved, in one
 * transaction. The run's row is claimed with {@code FOR UPDATE SKIP LOCKED}, so one node works on a run at a time and
 * another picks it up where it stopped (a crashed batch rolls back whole); the conversion row's key (program, period,
 * member) makes a second conversion of a member in a period impossible whatever happens.
 */
@Service
public class CashOuts {

    public static final String SOURCE = "CashOut";
    public static final String EVENT_CASHED_OUT = "points_cashed_out";
    public static final int MEMBERS_PER_BATCH = 500;
    public static final int PAGE_LIMIT_MAX = 100;
    /** Programs with a {@code cashOut} section one sweep looks at, at most. */
    static final int PROGRAMS_PER_SWEEP_MAX = 1000;
    static final int CODE_ATTEMPTS_MAX = 5;

    private final Programs programs;
    private final Ledger ledger;
    private final Timeline timeline;
    private final CashOutStore store;
    private final VoucherStore vouchers;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final VoucherCodes codes = new VoucherCodes();

    CashOuts(Programs programs, Ledger ledger, Timeline timeline, CashOutStore store, VoucherStore vouchers, TransactionTemplate tx,
            Clock clock, ApplicationEventPublisher events) {
        this.programs = programs;
        this.ledger = ledger;
        this.timeline = timeline;
        this.store = store;
        this.vouchers = vouchers;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
    }

    /** A page of runs; {@code nextBefore} continues after the last one, or is null on the last page. */
    public record RunPage(List<CashOutRun> runs, LocalDate nextBefore) {}

    /** The program's runs, the latest period first, before {@code before} (null: from the latest). */
    public RunPage runs(String programId, LocalDate before, int limit) {
        if (limit < 1 || limit > PAGE_LIMIT_MAX) {
            throw new IllegalArgumentException("limit must be 1 to " + PAGE_LIMIT_MAX);
        }
        programs.get(programId);
        List<CashOutRun> found = store.runs(programId, before, limit + 1);
        boolean more = found.size() > limit;
        List<CashOutRun> page = more ? found.subList(0, limit) : found;
        return new RunPage(page, more ? page.get(page.size() - 1).period() : null);
    }

    public CashOutRun run(String programId, LocalDate period) {
        programs.get(programId);
        return store.run(programId, period).orElseThrow(() -> RedemptionProblem.cashOutNotFound(period));
    }

    /** Creates the run of the latest period that has ended, for each program with cash-out (or the one given); returns how many it created. */
    public int startDue(Optional<String> programId) {
        Instant now = clock.instant();
        List<String> ids = programId.map(List::of).orElseGet(() -> programs.idsWithSection("cashOut", PROGRAMS_PER_SWEEP_MAX));
        int created = 0;
        for (String id : ids) {
            Optional<Program> program = programs.find(id);
            CashOut cashOut = program.map(Program::cashOut).orElse(null);
            if (cashOut == null) {
                continue;
            }
            Optional<LocalDate> period = cashOut.lastEndedPeriod(LocalDate.ofInstant(now, program.get().timezone()));
            if (period.isPresent() && store.create(id, period.get(), cashOut.pointDefinition(), cashOut.step(), cashOut.stepValue(),
                    cashOut.threshold(), now)) {
                created++;
            }
        }
        return created;
    }

    /** What one batch did: the members it looked at (0 when it finished a run or found none to work on) and converted. */
    public record Batch(int looked, int converted) {}

    /** Works one batch of a running run that no other node holds. */
    public Batch convertBatch(Optional<String> programId) {
        return tx.execute(status -> {
            Optional<Run> claimed = store.claimRunning(programId);
            if (claimed.isEmpty()) {
                return new Batch(0, 0);
            }
            Run run = claimed.get();
            CashOutRun terms = run.run();
            Instant now = clock.instant();
            List<UUID> candidates = ledger.membersWithBalance(run.programId(), terms.definitionId(), terms.threshold(), run.cursor(),
                    MEMBERS_PER_BATCH);
            if (candidates.isEmpty()) {
                store.finish(run.programId(), terms.period(), now);
                return new Batch(0, 0);
            }
            Set<UUID> done = store.converted(run.programId(), terms.period(), candidates);
            List<UUID> todo = candidates.stream().filter(m -> !done.contains(m)).toList();
            List<Voucher> issued = todo.isEmpty() ? List.of() : convert(run, todo, now);
            store.advance(run.programId(), terms.period(), candidates.get(candidates.size() - 1), issued.size(),
                    issued.stream().mapToLong(Voucher::points).sum(),
                    issued.stream().map(v -> v.value().amount()).reduce(BigDecimal.ZERO, BigDecimal::add));
            if (candidates.size() < MEMBERS_PER_BATCH) {
                store.finish(run.programId(), terms.period(), now);
            }
            return new Batch(candidates.size(), issued.size());
        });
    }

    private List<Voucher> convert(Run run, List<UUID> members, Instant now) {
        CashOutRun terms = run.run();
        Program program = programs.get(run.programId());
        CashOut cashOut = program.cashOut();
        String name = cashOut == null ? CashOut.NAME_DEFAULT : cashOut.name();
        int validDays = cashOut == null ? Program.CatalogueReward.VOUCHER_VALID_DAYS_DEFAULT : cashOut.voucherValidDays();
        DefinitionPolicy policy = Redemptions.policy(program, terms.definitionId());
        Map<UUID, UUID> voucherIds = new HashMap<>();
        Map<UUID, String> references = new HashMap<>();
        members.forEach(m -> {
            UUID id = UUID.randomUUID();
            voucherIds.put(m, id);
            references.put(m, id.toString());
        });
        long step = terms.step();
        long threshold = terms.threshold();
        Map<UUID, PostedEntry> spent = ledger.spendFromBalances(run.programId(), policy, members,
                balance -> balance >= threshold ? balance / step * step : 0, SOURCE, "Cash-out of the period ending " + terms.period(),
                references);
        List<Voucher> issued = new ArrayList<>();
        for (var e : spent.entrySet()) {
            long points = -e.getValue().entry().amount();
            Money value = terms.stepValue().times(points / step);
            issued.add(new Voucher(voucherIds.get(e.getKey()), codes.next(), e.getKey(), null, terms.period(), RewardKind.GIFT_CARD, name, value,
                    null, terms.definitionId(), points, e.getValue().entry().id(), VoucherStatus.ISSUED, now, now.plus(Duration.ofDays(validDays)),
                    null, null, null));
        }
        issued = insert(run.programId(), issued);
        store.insertConversions(run.programId(), terms.period(), issued.stream().map(v -> new Conversion(v.memberId(), v.points(),
                v.value().amount(), v.id(), v.entryId())).toList(), now);
        List<Timeline.OwnEvent> cashedOut = new ArrayList<>();
        for (Voucher v : issued) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("period", terms.period().toString());
            attributes.put("points", v.points());
            attributes.put("definitionId", v.definitionId());
            attributes.put("voucherId", v.id().toString());
            attributes.put("amount", v.value().amount().toPlainString());
            attributes.put("currency", v.value().currency());
            cashedOut.add(new Timeline.OwnEvent(v.memberId(), EVENT_CASHED_OUT, now, attributes));
            events.publishEvent(new PointsCashedOut(run.programId(), v));
        }
        timeline.recordOwnAll(run.programId(), cashedOut);
        return issued;
    }

    /** Inserts the gift cards in one batch, then again with fresh codes those whose code was taken. */
    private List<Voucher> insert(String programId, List<Voucher> all) {
        List<Voucher> inserted = new ArrayList<>();
        List<Voucher> pending = all;
        for (int attempt = 0; attempt < CODE_ATTEMPTS_MAX && !pending.isEmpty(); attempt++) {
            boolean[] in = vouchers.insertAll(programId, pending);
            List<Voucher> again = new ArrayList<>();
            for (int i = 0; i < in.length; i++) {
                if (in[i]) {
                    inserted.add(pending.get(i));
                } else {
                    again.add(Redemptions.withCode(pending.get(i), codes.next()));
                }
            }
            pending = again;
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException(CODE_ATTEMPTS_MAX + " generated codes in a row were taken in program " + programId);
        }
        return inserted;
    }
}
