/**
 * The points ledger: accounts, immutable entries, lots (expiration buckets), spending, reversals and balance syncs; it depends on no other module.
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {"platform"})
package dev.laurel.ledger;

import org.springframework.modulith.ApplicationModule;
