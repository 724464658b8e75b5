package dev.laurel.ledger;

/** Points were held at the till: published inside the ledger's transaction. */
public record HoldPlaced(String programId, Hold hold) {}
