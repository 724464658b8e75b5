package dev.laurel.tiers.internal;

import dev.laurel.platform.Sweep;
import dev.laurel.platform.SweepReport;
import dev.laurel.tiers.Tiers;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Closes the calendar-year qualification periods that have ended, in batches of members claimed with SKIP LOCKED: one
 * ledger entry per member takes the year's tier points away. Runs before the points sweep, so that members are closed
 * in batches rather than one by one as their new year's points become active, and before the tier reset, which waits
 * for a member's period to be closed.
 */
@Component
@Order(8)
class TierPeriodSweep implements Sweep {

    static final int MEMBERS_PER_BATCH = 500;
    static final int BATCHES_PER_RUN_MAX = 20;

    private final Tiers tiers;

    TierPeriodSweep(Tiers tiers) {
        this.tiers = tiers;
    }

    @Override
    public String name() {
        return "tier-period-end";
    }

    @Override
    public SweepReport run(Optional<String> programId) {
        return SweepReport.of(name(), Sweep.inBatches(BATCHES_PER_RUN_MAX, MEMBERS_PER_BATCH,
                () -> tiers.closeEndedPeriods(programId, MEMBERS_PER_BATCH)));
    }
}
