/**
 * The append-only timeline of member events and its views.
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {"ledger", "members", "platform", "programs"})
package dev.laurel.timeline;

import org.springframework.modulith.ApplicationModule;
