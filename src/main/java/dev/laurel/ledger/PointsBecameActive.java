package dev.laurel.ledger;

import java.time.Instant;
import java.util.UUID;

/**
 * Points became spendable: earned active, pending points whose {@code validFrom} came, or a spend's points given back
 * by its reversal. Published inside the ledger's transaction, so a listener's changes commit (or roll back) with it.
 * {@code at} is when they became active (the lot's {@code validFrom}, which may be before the sweep ran; a reversal's
 * time for points given back);
 * {@code wasPending} tells pending points that became available from points earned active.
 */
public record PointsBecameActive(String programId, UUID memberId, int definitionId, long points, Instant at, boolean wasPending) {}
