package dev.laurel.sync.internal;

import dev.laurel.platform.Sweep;
import dev.laurel.platform.SweepReport;
import dev.laurel.sync.BalanceSyncs;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Engage's BalanceAccountToAmountJob: applies stored balance-only requests, a bounded number of chunks per run. */
@Component
@Order(5)
class BalanceSweep implements Sweep {

    static final int CHUNKS_PER_RUN_MAX = 50;

    private final BalanceSyncs syncs;

    BalanceSweep(BalanceSyncs syncs) {
        this.syncs = syncs;
    }

    @Override
    public String name() {
        return "balance-sync";
    }

    @Override
    public SweepReport run(Optional<String> programId) {
        return SweepReport.of(name(), Sweep.inBatches(CHUNKS_PER_RUN_MAX, 1, () -> syncs.applyNextChunk(programId) ? 1 : 0));
    }
}
