package dev.laurel.ledger;

import dev.laurel.platform.Problem;

/**
 * A change that would take one of an account's figures (balance and pending points, debt, lifetime earned or spent)
 * past {@link Ledger#POINTS_MAX}, or points that do not fit a {@code long} at all. Refused before anything is written.
 */
public final class PointsOverflow extends Problem {

    public PointsOverflow(String detail) {
        super(422, "points-overflow", "Points overflow", detail + " An account's figures stay within "
                + Ledger.POINTS_MAX + " points either way. Nothing was written.");
    }

    public PointsOverflow(int definitionId, String figure, long current, long change) {
        this("Point definition " + definitionId + ": adding " + change + " points to its " + figure + " (" + current
                + ") would pass the limit.");
    }
}
