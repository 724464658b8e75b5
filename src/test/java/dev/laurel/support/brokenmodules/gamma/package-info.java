/** Declares that it uses no other module, and then does. */
@ApplicationModule(allowedDependencies = {})
package dev.laurel.support.brokenmodules.gamma;

import org.springframework.modulith.ApplicationModule;
