package dev.laurel.ledger.internal;

import java.util.UUID;

/** Points an entry took from a lot (positive) or gave back to it (negative). */
public record Movement(UUID memberId, UUID entryId, UUID lotId, int definitionId, long amount) {}
