package dev.laurel.redemption.internal;

import dev.laurel.platform.Sweep;
import dev.laurel.platform.SweepReport;
import dev.laurel.redemption.CashOuts;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Starts the run of each period that has ended and works running runs in batches of members; a run held by another
 * node is skipped (SKIP LOCKED) and picked up by whichever node comes next.
 */
@Component
@Order(50)
class CashOutSweep implements Sweep {

    static final int BATCHES_PER_RUN_MAX = 40;

    private final CashOuts cashOuts;

    CashOutSweep(CashOuts cashOuts) {
        this.cashOuts = cashOuts;
    }

    @Override
    public String name() {
        return "cash-out";
    }

    @Override
    public SweepReport run(Optional<String> programId) {
        long started = cashOuts.startDue(programId);
        long[] converted = new long[1];
        long looked = Sweep.inBatches(BATCHES_PER_RUN_MAX, CashOuts.MEMBERS_PER_BATCH, () -> {
            CashOuts.Batch batch = cashOuts.convertBatch(programId);
            converted[0] += batch.converted();
            return batch.looked();
        });
        return new SweepReport(name(), converted[0], Map.of("runsStarted", started, "membersLooked", looked, "membersConverted", converted[0]));
    }
}
