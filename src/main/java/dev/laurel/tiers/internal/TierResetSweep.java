package dev.laurel.tiers.internal;

import dev.laurel.platform.Sweep;
import dev.laurel.platform.SweepReport;
import dev.laurel.tiers.Tiers;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Re-evaluates members whose tier level has ended, in batches claimed with SKIP LOCKED. */
@Component
@Order(30)
class TierResetSweep implements Sweep {

    static final int MEMBERS_PER_BATCH = 500;
    static final int BATCHES_PER_RUN_MAX = 20;

    private final Tiers tiers;

    TierResetSweep(Tiers tiers) {
        this.tiers = tiers;
    }

    @Override
    public String name() {
        return "tier-reset";
    }

    @Override
    public SweepReport run(Optional<String> programId) {
        return SweepReport.of(name(), Sweep.inBatches(BATCHES_PER_RUN_MAX, MEMBERS_PER_BATCH,
                () -> tiers.resetEnded(programId, MEMBERS_PER_BATCH)));
    }
}
