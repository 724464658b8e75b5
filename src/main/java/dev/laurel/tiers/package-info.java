/**
 * Tier systems: levels, upgrades when points become active, downgrades when a level expires.
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {"ledger", "members", "platform", "programs", "timeline"})
package dev.laurel.tiers;

import org.springframework.modulith.ApplicationModule;
