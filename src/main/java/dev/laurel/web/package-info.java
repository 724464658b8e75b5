/**
 * The operators' console and the members' rewards page: server-rendered adapters over the modules.
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {"campaigns", "earning", "ledger", "members", "platform", "programs", "redemption", "sync", "tiers", "timeline", "webhooks"})
package dev.laurel.web;

import org.springframework.modulith.ApplicationModule;
