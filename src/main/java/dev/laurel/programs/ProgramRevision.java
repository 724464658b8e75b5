package dev.laurel.programs;

import java.time.Instant;

/** One applied revision of a program document: when, from where, and its fingerprint. */
public record ProgramRevision(int revision, Instant appliedAt, String source, String sourceName, String fingerprint) {}
