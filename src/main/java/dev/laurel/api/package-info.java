/**
 * The HTTP adapters, one subpackage per dialect ({@code v1}, {@code engage}, {@code sessionm}, {@code rbi}): parse, authorise, call a module, map the answer.
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {"campaigns", "earning", "events", "imports", "ledger", "members", "partners", "platform", "programs", "redemption", "sync", "tiers", "timeline", "webhooks"})
package dev.laurel.api;

import org.springframework.modulith.ApplicationModule;
