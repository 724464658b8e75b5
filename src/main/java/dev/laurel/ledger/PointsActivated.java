package dev.laurel.ledger;

import java.util.List;

/**
 * Every {@link PointsBecameActive} of one ledger transaction, in the order the ledger activated them, published once
 * inside the transaction: a listener writes what they cause with one statement, not one per lot. Never empty.
 */
public record PointsActivated(String programId, List<PointsBecameActive> activations) {

    public PointsActivated {
        activations = List.copyOf(activations);
        if (activations.isEmpty()) {
            throw new IllegalArgumentException("an activation event lists at least one activation");
        }
    }
}
