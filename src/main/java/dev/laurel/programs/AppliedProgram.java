package dev.laurel.programs;

import java.time.Instant;

/** The outcome of applying a document: the revision now in force and whether this call created it. */
public record AppliedProgram(String id, int revision, boolean changed, Instant appliedAt) {}
