package dev.laurel.support.brokenmodules.gamma;

import dev.laurel.support.brokenmodules.alpha.Alpha;

/** Uses alpha, which is not among gamma's allowed dependencies. */
public record Gamma(Alpha alpha) {}
