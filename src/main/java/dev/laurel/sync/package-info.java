/**
 * Laurel as point follower: balance and transaction syncs, the point master's history and reconciliation.
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {"earning", "ledger", "members", "platform", "programs"})
package dev.laurel.sync;

import org.springframework.modulith.ApplicationModule;
