package dev.laurel.ledger;

/** A hold was captured ({@code CLAIMED}), wholly or in part: published inside the ledger's transaction. */
public record HoldCaptured(String programId, Hold hold) {}
