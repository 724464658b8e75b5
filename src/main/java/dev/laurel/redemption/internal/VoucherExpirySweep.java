package dev.laurel.redemption.internal;

import dev.laurel.platform.Sweep;
import dev.laurel.platform.SweepReport;
import dev.laurel.redemption.Redemptions;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Marks vouchers past their {@code validUntil} EXPIRED (their points are not returned), in batches claimed with SKIP LOCKED. */
@Component
@Order(45)
class VoucherExpirySweep implements Sweep {

    static final int VOUCHERS_PER_BATCH = 500;
    static final int BATCHES_PER_RUN_MAX = 20;

    private final Redemptions redemptions;

    VoucherExpirySweep(Redemptions redemptions) {
        this.redemptions = redemptions;
    }

    @Override
    public String name() {
        return "voucher-expiry";
    }

    @Override
    public SweepReport run(Optional<String> programId) {
        return SweepReport.of(name(), Sweep.inBatches(BATCHES_PER_RUN_MAX, VOUCHERS_PER_BATCH,
                () -> redemptions.expireDue(programId, VOUCHERS_PER_BATCH)));
    }
}
