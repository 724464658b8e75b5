package dev.laurel.ledger;

import java.time.Instant;
import java.util.UUID;

/**
 * Points became spendable: earned active, or pending points whose {@code validFrom} came. Published
 * inside the ledger's transaction, so a listener's changes commit (or roll back) with it.
 * {@code at} is when they became active (the lot's {@code validFrom}), which may be before the sweep ran;
 * {@code wasPending} tells pending points that became available from points earned active.
 */
public record PointsBecameActive(String programId, UUID memberId, int definitionId, long points, Instant at, boolean wasPending) {}
