package dev.laurel.ledger.internal;

/**
 * Where a lot is in its life: {@code PENDING} until its {@code validFrom}, then {@code ACTIVE} (spendable), then
 * {@code EXPIRED}. Stored by name in {@code lots.status} (with a CHECK).
 */
public enum LotStatus {
    PENDING, ACTIVE, EXPIRED
}
