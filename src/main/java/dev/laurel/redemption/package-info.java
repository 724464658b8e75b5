/**
 * Redemption: the rewards catalogue, redeeming points for vouchers, vouchers at the till, cash-out periods, and
 * points held at the till (over the ledger's holds).
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {"ledger", "members", "platform", "programs", "tiers", "timeline"})
package dev.laurel.redemption;

import org.springframework.modulith.ApplicationModule;
