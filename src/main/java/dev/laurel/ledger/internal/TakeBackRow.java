package dev.laurel.ledger.internal;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code take_backs}: where one take-back of an earning found its points. {@code entryId} null: nothing taken. */
record TakeBackRow(UUID memberId, int definitionId, UUID id, UUID earningId, UUID entryId, long fromLot, long fromBalance,
        long asDebt, long expired, long notRecovered, Instant recordedAt) {}
