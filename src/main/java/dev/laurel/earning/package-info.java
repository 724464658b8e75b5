/**
 * Earning and adjusting points: purchases, returns, adjustments, and adjustments sent to a point master.
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {"campaigns", "ledger", "members", "platform", "programs", "tiers", "timeline", "webhooks"})
package dev.laurel.earning;

import org.springframework.modulith.ApplicationModule;
