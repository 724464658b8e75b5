package dev.laurel.ledger.internal;

import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.Ledger.SettleReport;
import dev.laurel.platform.Sweep;
import dev.laurel.platform.SweepReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Activates pending lots whose {@code validFrom} has come and expires lots whose {@code expiresAt}
 * has passed (an Expiry entry each). A run reads the keys of the accounts with lots due once (at most
 * {@link #BATCHES_PER_RUN_MAX} batches' worth), then settles them in batches of about {@link #ACCOUNTS_PER_BATCH} (a
 * member's accounts in one), each its own transaction that claims its accounts with SKIP LOCKED: an account another node holds is left to a later run.
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
        List<AccountKey> due = ledger.dueAccounts(programId, ACCOUNTS_PER_BATCH * BATCHES_PER_RUN_MAX);
        long accounts = 0;
        long activated = 0;
        long expired = 0;
        for (List<AccountKey> batch : AccountKey.batches(due, ACCOUNTS_PER_BATCH)) {
            SettleReport report = ledger.settleDue(batch);
            accounts += report.accounts();
            activated += report.activated();
            expired += report.expired();
        }
        return new SweepReport(name(), activated + expired, Map.of("accounts", accounts, "activated", activated, "expired", expired));
    }
}
