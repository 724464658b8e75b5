/**
 * Campaigns: eligibility, enrollment, goals counted from the timeline, rewards.
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {"ledger", "members", "platform", "programs", "tiers", "timeline"})
package dev.laurel.campaigns;

import org.springframework.modulith.ApplicationModule;
