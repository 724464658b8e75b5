/**
 * Programs (tenants) as documents: validation, revisions, API keys and the definitions other modules read.
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {"ledger", "platform"})
package dev.laurel.programs;

import org.springframework.modulith.ApplicationModule;
