package dev.laurel.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs every registered {@link Sweep}: on a timer on every node (unless {@code LAUREL_SWEEPS_ENABLED=false}),
 * and on demand through {@code POST /v1/admin/jobs/run}.
 */
@Component
public class Sweeps {

    private static final Logger log = LoggerFactory.getLogger(Sweeps.class);

    private final ObjectProvider<Sweep> sweeps;
    private final LaurelSettings settings;
    /** Each sweep's own savepoint, when the sweeps run inside a request's transaction (an Idempotency-Key's). */
    private final TransactionTemplate savepoint;

    private final MeterRegistry meters;
    private final Clock clock;
    /** When each sweep last finished a run on this node, for its lag gauge. */
    private final Map<String, Instant> lastRun = new ConcurrentHashMap<>();

    Sweeps(ObjectProvider<Sweep> sweeps, LaurelSettings settings, PlatformTransactionManager transactions, MeterRegistry meters,
            Clock clock) {
        this.meters = meters;
        this.clock = clock;
        this.sweeps = sweeps;
        this.settings = settings;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Runs each sweep once, in order, and reports what each did. One sweep failing does not stop
     * the others: its rows stay due and its report carries the error. Inside a transaction (a
     * request with an {@code Idempotency-Key}), each sweep runs in a savepoint of it, so a sweep that
     * fails is rolled back alone and the others' work is kept with the request's answer.
     */
    public List<SweepReport> runAll(Optional<String> programId) {
        boolean inTransaction = TransactionSynchronizationManager.isActualTransactionActive();
        List<SweepReport> reports = new ArrayList<>();
        sweeps.orderedStream().forEach(sweep -> {
            Timer.Sample running = Timer.start(meters);
            try {
                reports.add(inTransaction ? savepoint.execute(status -> sweep.run(programId)) : sweep.run(programId));
                finished(sweep.name());
            } catch (RuntimeException e) {
                if (DatabaseFailures.isTransient(e)) {
                    log.warn("sweep {} stopped by a database failure that passes; its rows stay due for the next run: {}",
                            sweep.name(), e.toString());
                } else {
                    log.error("sweep {} failed; its rows stay due", sweep.name(), e);
                }
                reports.add(SweepReport.failed(sweep.name(), e));
            } finally {
                running.stop(Timer.builder("laurel.sweep.duration").description("How long one run of a sweep took")
                        .tag("sweep", sweep.name()).register(meters));
            }
        });
        return reports;
    }

    /** A sweep's lag: how long ago it last finished a run on this node (growing while it is stopped or failing). */
    private void finished(String name) {
        if (lastRun.put(name, clock.instant()) == null) {
            Gauge.builder("laurel.sweep.lag", lastRun, runs -> Duration.between(runs.get(name), clock.instant()).toMillis() / 1000.0)
                    .description("Seconds since the sweep last finished a run on this node").baseUnit("seconds")
                    .tag("sweep", name).register(meters);
        }
    }

    @Scheduled(fixedDelayString = "${laurel.sweeps.interval:10s}", initialDelayString = "${laurel.sweeps.interval:10s}")
    void tick() {
        if (!settings.sweeps().enabled()) {
            return;
        }
        for (SweepReport report : runAll(Optional.empty())) {
            if (report.processed() > 0) {
                log.info("sweep {} processed {} {}", report.name(), report.processed(), report.details());
            }
        }
    }
}
