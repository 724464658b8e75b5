/**
 * The webhook outbox: events written with the change, delivered by a sweep.
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {"platform", "programs"})
package dev.laurel.webhooks;

import org.springframework.modulith.ApplicationModule;
