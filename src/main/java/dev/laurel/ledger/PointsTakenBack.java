package dev.laurel.ledger;

import java.time.Instant;
import java.util.UUID;

/** Active points of an earning were taken back by a reversal (a return): published inside the ledger's transaction. */
public record PointsTakenBack(String programId, UUID memberId, int definitionId, long points, Instant at) {}
