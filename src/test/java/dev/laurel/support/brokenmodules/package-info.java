/**
 * A deliberately broken set of modules on which {@code ArchitectureTest} shows that its module check fails: alpha and
 * beta use each other (a cycle), delta uses alpha's {@code internal}, gamma uses alpha without declaring it.
 */
package dev.laurel.support.brokenmodules;
