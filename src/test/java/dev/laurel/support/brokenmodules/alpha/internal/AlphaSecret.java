package dev.laurel.support.brokenmodules.alpha.internal;

/** Private to alpha. */
public record AlphaSecret(String value) {}
