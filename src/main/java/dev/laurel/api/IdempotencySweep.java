package dev.laurel.api;

import dev.laurel.platform.Sweep;
import dev.laurel.platform.SweepReport;
import java.time.Clock;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Forgets Idempotency-Keys older than their 7 days, in bounded batches. */
@Component
@Order(100)
class IdempotencySweep implements Sweep {

    static final int BATCH_ROWS = 5000;
    static final int BATCHES_PER_RUN_MAX = 20;

    private final IdempotencyStore store;
    private final Clock clock;

    IdempotencySweep(IdempotencyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "idempotency-keys-expiry";
    }

    @Override
    public SweepReport run(Optional<String> programId) {
        return SweepReport.of(name(), Sweep.inBatches(BATCHES_PER_RUN_MAX, BATCH_ROWS,
                () -> store.deleteExpired(programId, clock.instant(), BATCH_ROWS)));
    }
}
