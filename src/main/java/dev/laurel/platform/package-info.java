/**
 * What every module uses and that knows no module: database, clock, problems, JSON field reading, sweeps, outbound HTTP.
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {})
package dev.laurel.platform;

import org.springframework.modulith.ApplicationModule;
