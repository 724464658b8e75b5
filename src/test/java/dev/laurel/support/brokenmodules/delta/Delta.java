package dev.laurel.support.brokenmodules.delta;

import dev.laurel.support.brokenmodules.alpha.internal.AlphaSecret;

/** May use alpha, but only what alpha exposes: its internal package is not. */
public record Delta(AlphaSecret secret) {}
