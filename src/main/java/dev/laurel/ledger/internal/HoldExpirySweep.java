package dev.laurel.ledger.internal;

import dev.laurel.ledger.PointHolds;
import dev.laurel.platform.Sweep;
import dev.laurel.platform.SweepReport;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Voids the holds not captured before their {@code expiresAt}, their points back to their lots, in batches of accounts claimed with SKIP LOCKED. */
@Component
@Order(15)
class HoldExpirySweep implements Sweep {

    static final int ACCOUNTS_PER_BATCH = 200;
    static final int BATCHES_PER_RUN_MAX = 20;

    private final PointHolds holds;

    HoldExpirySweep(PointHolds holds) {
        this.holds = holds;
    }

    @Override
    public String name() {
        return "hold-expiry";
    }

    @Override
    public SweepReport run(Optional<String> programId) {
        long[] voided = new long[1];
        Sweep.inBatches(BATCHES_PER_RUN_MAX, 1, () -> {
            long n = holds.voidDue(programId, ACCOUNTS_PER_BATCH);
            voided[0] += n;
            return n;
        });
        return SweepReport.of(name(), voided[0]);
    }
}
