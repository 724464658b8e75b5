package dev.laurel.ledger;

/** A hold was voided, by a caller or (when {@code hold.expired()}) by the sweep: published inside the ledger's transaction. */
public record HoldVoided(String programId, Hold hold) {}
