package dev.laurel.ledger;

import dev.laurel.platform.Problem;

/** A capture or void of a hold that is no longer PENDING: it was captured or voided first (the other of two racing calls). */
public final class HoldNotPending extends Problem {
    public HoldNotPending(Hold hold) {
        super(409, "hold-not-pending", "Hold is not pending", "Hold " + hold.id() + " is " + hold.status()
                + (hold.expired() ? " (not captured before " + hold.expiresAt() + ")" : "") + " since " + hold.closedAt() + ".");
    }
}
