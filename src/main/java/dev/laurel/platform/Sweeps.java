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

    /**
     * Runs each sweep once, in order, and reports what each did. One sweep failing does not stop
     * the others: its rows stay due and its report carries the error.
     */
    public List<SweepReport> runAll(Optional<String> programId) {
        List<SweepReport> reports = new ArrayList<>();
        sweeps.orderedStream().forEach(sweep -> {
            try {
                reports.add(sweep.run(programId));
            } catch (RuntimeException e) {
                log.error("sweep {} failed; its rows stay due", sweep.name(), e);
                reports.add(SweepReport.failed(sweep.name(), e));
            }
        });
        return reports;
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
