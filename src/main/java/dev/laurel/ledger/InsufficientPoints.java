package dev.laurel.ledger;

import dev.laurel.platform.Problem;

/** A deduction larger than the balance, on a definition that does not allow a negative balance. Nothing was written. */
public final class InsufficientPoints extends Problem {

    private final long available;
    private final long requested;

    public InsufficientPoints(int definitionId, long available, long requested) {
        super(409, "insufficient-points", "Insufficient points",
                "Cannot take " + requested + " points from point definition " + definitionId + ": the balance is " + available + ".");
        this.available = available;
        this.requested = requested;
    }

    public long available() {
        return available;
    }

    public long requested() {
        return requested;
    }
}
