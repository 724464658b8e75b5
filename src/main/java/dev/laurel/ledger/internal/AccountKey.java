package dev.laurel.ledger.internal;

import java.util.UUID;

/** The key of a point account: what the points sweep gathers before it claims accounts batch by batch. */
public record AccountKey(String programId, UUID memberId, int definitionId) {}
