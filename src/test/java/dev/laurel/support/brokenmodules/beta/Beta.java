package dev.laurel.support.brokenmodules.beta;

import dev.laurel.support.brokenmodules.alpha.Alpha;

/** Uses alpha, which uses beta: a cycle. */
public record Beta(Alpha alpha) {}
