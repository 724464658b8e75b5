package dev.laurel.support.brokenmodules.alpha;

import dev.laurel.support.brokenmodules.alpha.internal.AlphaSecret;
import dev.laurel.support.brokenmodules.beta.Beta;

/** Uses beta, which uses alpha: a cycle. */
public record Alpha(Beta beta, AlphaSecret secret) {}
