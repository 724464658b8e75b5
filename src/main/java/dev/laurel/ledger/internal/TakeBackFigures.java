package dev.laurel.ledger.internal;

/**
 * What the database knows of an earning before a take-back: {@code expiredOfLot}, what its lot lost to expiry;
 * {@code fromLotByReversals}, what earlier reversals of the earning took from that lot; {@code reversed}, what those
 * reversals took in all (from the lot and from the balance); {@code expiredSettled} and {@code notRecovered}, what
 * earlier take-backs settled without taking points.
 */
public record TakeBackFigures(long expiredOfLot, long fromLotByReversals, long reversed, long expiredSettled, long notRecovered) {}
