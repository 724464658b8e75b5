/**
 * Members of a program: profiles, identifiers and their search.
 * <p>
 * The modules it may use are listed here and checked by {@code ArchitectureTest}.
 */
@ApplicationModule(allowedDependencies = {"platform"})
package dev.laurel.members;

import org.springframework.modulith.ApplicationModule;
