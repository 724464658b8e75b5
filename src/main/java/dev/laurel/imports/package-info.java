/**
 * Bulk import of members with opening balances (and an optional tier), for a retailer moving onto Laurel: a file is
 * received and validated whole, staged, and applied in chunks by a resumable sweep.
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {"ledger", "members", "platform", "programs", "tiers"})
package dev.laurel.imports;

import org.springframework.modulith.ApplicationModule;
