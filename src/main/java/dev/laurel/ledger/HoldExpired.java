package dev.laurel.ledger;

import dev.laurel.platform.Problem;

/** A capture after the hold's {@code expiresAt}: too late; the hold's points go back (a void, or the sweep). */
public final class HoldExpired extends Problem {
    public HoldExpired(Hold hold) {
        super(409, "hold-expired", "Hold expired", "Hold " + hold.id() + " expired at " + hold.expiresAt()
                + " and can no longer be captured; its points go back to the member.");
    }
}
