package dev.laurel.ledger.internal;

import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.Ledger.SettleReport;
import dev.laurel.platform.Sweep;
import dev.laurel.platform.SweepReport;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Activates pending lots whose {@code validFrom} has come and expires lots whose {@code expiresAt}
 * has passed (an Expiry entry each), in batches of accounts claimed with SKIP LOCKED.
 */
@Component
@Order(10)
class PointsSweep implements Sweep {

    static final int ACCOUNTS_PER_BATCH = 500;
    static final int BATCHES_PER_RUN_MAX = 40;

    private final Ledger ledger;

    PointsSweep(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public String name() {
        return "points-activation-and-expiry";
    }

    @Override
    public SweepReport run(Optional<String> programId) {
        long[] settled = new long[2];
        long accounts = Sweep.inBatches(BATCHES_PER_RUN_MAX, ACCOUNTS_PER_BATCH, () -> {
            SettleReport report = ledger.settleDue(programId, ACCOUNTS_PER_BATCH);
            settled[0] += report.activated();
            settled[1] += report.expired();
            return report.accounts();
        });
        long activated = settled[0];
        long expired = settled[1];
        return new SweepReport(name(), activated + expired, Map.of("accounts", accounts, "activated", activated, "expired", expired));
    }
}
