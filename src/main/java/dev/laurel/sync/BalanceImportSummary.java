package dev.laurel.sync;

import java.time.Instant;
import java.util.UUID;

/** A balance-only request at a glance: its status, how far it is applied, and how many items were reported. */
public record BalanceImportSummary(UUID id, String status, int items, int applied, Instant receivedAt, Instant updatedAt, int messages) {}
