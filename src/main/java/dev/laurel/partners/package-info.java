/**
 * Partners that award or deduct points (the RBI partner points API).
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {"ledger", "members", "platform", "programs"})
package dev.laurel.partners;

import org.springframework.modulith.ApplicationModule;
