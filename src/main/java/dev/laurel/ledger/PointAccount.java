package dev.laurel.ledger;

import java.util.List;
import java.util.UUID;

/**
 * A member's account of one definition as cached on its row: {@code balance} (active points, may
 * be negative only where the definition allows), {@code pending}, {@code held} (taken out of the
 * balance by pending holds, not spendable), lifetime figures, and the active points by the date
 * they expire (held points are in no lot).
 */
public record PointAccount(
        UUID id,
        int definitionId,
        long balance,
        long pending,
        long held,
        long lifetimeEarned,
        long lifetimeSpent,
        long expired,
        List<Bucket> expiring) {

    public PointAccount {
        expiring = List.copyOf(expiring);
    }

    public static PointAccount empty(int definitionId) {
        return new PointAccount(null, definitionId, 0, 0, 0, 0, 0, 0, List.of());
    }
}
