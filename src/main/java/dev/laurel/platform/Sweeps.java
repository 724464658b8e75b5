package dev.laurel.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs every registered {@link Sweep}: on a timer on every node (unless {@code LAUREL_SWEEPS_ENABLED=false}),
 * and on demand through {@code POST /v1/admin/jobs/run}.
 */
@Component
public class Sweeps {

    private static final Logger log = LoggerFactory.getLogger(Sweeps.class);

    private final ObjectProvider<Sweep> sweeps;
    private final LaurelSettings settings;

    Sweeps(ObjectProvider<Sweep> sweeps, LaurelSettings settings) {
        this.sweeps = sweeps;
        this.settings = settings;
    }

    /** Runs each sweep once, in registration order, and reports what each did. */
    public List<SweepReport> runAll(Optional<String> programId) {
        List<SweepReport> reports = new ArrayList<>();
        sweeps.orderedStream().forEach(sweep -> reports.add(sweep.run(programId)));
        return reports;
    }

    @Scheduled(fixedDelayString = "${laurel.sweeps.interval:10s}", initialDelayString = "${laurel.sweeps.interval:10s}")
    void tick() {
        if (!settings.sweeps().enabled()) {
            return;
        }
        try {
            for (SweepReport report : runAll(Optional.empty())) {
                if (report.processed() > 0) {
                    log.info("sweep {} processed {} {}", report.name(), report.processed(), report.details());
                }
            }
        } catch (RuntimeException e) {
            // The rows stay due; the next tick tries again.
            log.error("a sweep failed; its rows stay due and are retried on the next tick", e);
        }
    }
}
