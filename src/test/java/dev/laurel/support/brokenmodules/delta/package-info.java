/** Declares alpha as a module it may use. */
@ApplicationModule(allowedDependencies = {"alpha"})
package dev.laurel.support.brokenmodules.delta;

import org.springframework.modulith.ApplicationModule;
