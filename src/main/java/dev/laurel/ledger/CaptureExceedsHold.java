package dev.laurel.ledger;

import dev.laurel.platform.Problem;

/** A capture of more points than the hold holds. */
public final class CaptureExceedsHold extends Problem {
    public CaptureExceedsHold(Hold hold, long points) {
        super(409, "capture-exceeds-hold", "Capture exceeds hold", "Hold " + hold.id() + " holds " + hold.points()
                + " points; cannot capture " + points + ".");
    }
}
