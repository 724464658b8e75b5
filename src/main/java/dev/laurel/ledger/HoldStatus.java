package dev.laurel.ledger;

/**
 * Where a hold is: {@code PENDING} (the points are held), then {@code CLAIMED} (captured, wholly or in part: the
 * rest went back) or {@code VOID} (all went back: voided, or not captured in time). The words are the RBI seed's
 * transaction statuses and mean only this here.
 */
public enum HoldStatus { PENDING, CLAIMED, VOID }
