package dev.laurel.metrics;

import dev.laurel.ledger.EntriesRecorded;
import dev.laurel.platform.DatabaseFailures;
import dev.laurel.sync.BalanceSyncs;
import dev.laurel.webhooks.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Points and ledger transactions are counted when their transaction commits. The backlog gauges (balance imports
 * waiting and the age of the oldest, webhook events queued and dead, per program) are read by two grouped queries
 * every {@code LAUREL_METRICS_REFRESH} (15 s), whatever the number of programs, gauges and scrapers; a scrape only
 * reads the values last refreshed.
 */
@Component
public class LaurelMetrics {

    private static final Logger log = LoggerFactory.getLogger(LaurelMetrics.class);

    private final MeterRegistry meters;
    private final BalanceSyncs balanceSyncs;
    private final Outbox outbox;
    private final Clock clock;
    private final MultiGauge importsWaiting;
    private final MultiGauge oldestImportAge;
    private final MultiGauge outboxQueued;
    private final MultiGauge outboxDead;
    /** Programs that ever had a backlog on this node: they keep their series, at 0, once it is gone. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    LaurelMetrics(MeterRegistry meters, BalanceSyncs balanceSyncs, Outbox outbox, Clock clock) {
        this.meters = meters;
        this.balanceSyncs = balanceSyncs;
        this.outbox = outbox;
        this.clock = clock;
        importsWaiting = MultiGauge.builder("laurel.balance.imports.waiting")
                .description("Balance imports queued or part-applied").register(meters);
        oldestImportAge = MultiGauge.builder("laurel.balance.imports.oldest.age").baseUnit("seconds")
                .description("Age of the oldest balance import still to apply (0 when none waits)").register(meters);
        outboxQueued = MultiGauge.builder("laurel.webhooks.queued").description("Webhook events waiting for delivery").register(meters);
        outboxDead = MultiGauge.builder("laurel.webhooks.dead").description("Webhook events given up after the last attempt")
                .register(meters);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void entriesRecorded(EntriesRecorded recorded) {
        // Ledger transactions, not database commits: a group commit writes several in one.
        meters.counter("laurel.ledger.transactions", "program", recorded.programId())
                .increment(recorded.entries().stream().map(EntriesRecorded.Recorded::transactionId).distinct().count());
        for (var e : recorded.entries()) {
            String name = switch (e.kind()) {
                case EARN -> "laurel.points.earned";
                case SPEND -> "laurel.points.spent";
                case EXPIRE -> "laurel.points.expired";
                case REVERSAL, HOLD, RELEASE -> null;
            };
            if (name != null) {
                meters.counter(name, "program", recorded.programId(), "source", e.source()).increment(Math.abs((double) e.amount()));
            }
        }
    }

    /** Reads the backlogs again (what the timer does). */
    @Scheduled(fixedDelayString = "${laurel.metrics.refresh:15s}", initialDelayString = "${laurel.metrics.refresh:15s}")
    public void refresh() {
        Map<String, BalanceSyncs.Backlog> imports;
        Map<String, Outbox.Backlog> events;
        try {
            imports = balanceSyncs.backlogs();
            events = outbox.backlogs();
        } catch (RuntimeException e) {
            if (!DatabaseFailures.isTransient(e)) {
                throw e;
            }
            log.debug("metrics not refreshed, the database is unavailable: {}", e.toString());
            return;
        }
        seen.addAll(imports.keySet());
        seen.addAll(events.keySet());
        Instant now = clock.instant();
        List<MultiGauge.Row<?>> waiting = new ArrayList<>();
        List<MultiGauge.Row<?>> age = new ArrayList<>();
        List<MultiGauge.Row<?>> queued = new ArrayList<>();
        List<MultiGauge.Row<?>> dead = new ArrayList<>();
        for (String program : seen) {
            Tags tags = Tags.of("program", program);
            BalanceSyncs.Backlog importBacklog = imports.getOrDefault(program, new BalanceSyncs.Backlog(0, null));
            Outbox.Backlog outboxBacklog = events.getOrDefault(program, new Outbox.Backlog(0, 0));
            waiting.add(MultiGauge.Row.of(tags, importBacklog.waiting()));
            age.add(MultiGauge.Row.of(tags, importBacklog.oldestReceivedAt() == null ? 0
                    : Math.max(0, Duration.between(importBacklog.oldestReceivedAt(), now).toMillis() / 1000.0)));
            queued.add(MultiGauge.Row.of(tags, outboxBacklog.queued()));
            dead.add(MultiGauge.Row.of(tags, outboxBacklog.dead()));
        }
        importsWaiting.register(waiting, true);
        oldestImportAge.register(age, true);
        outboxQueued.register(queued, true);
        outboxDead.register(dead, true);
    }
}
