/**
 * Laurel's own metrics beside the JVM and HTTP ones: points earned, spent and expired, ledger transactions, and the
 * backlogs of the balance-import queue and the webhook outbox, read from the database at most once per refresh.
 * (Counters that belong to one place, such as sync batches, webhook latency, sweeps and idempotent replays, are
 * counted where they happen.)
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {"ledger", "platform", "sync", "webhooks"})
package dev.laurel.metrics;

import org.springframework.modulith.ApplicationModule;
