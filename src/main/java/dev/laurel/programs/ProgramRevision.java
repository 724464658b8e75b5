package dev.laurel.programs;

import java.time.Instant;
import java.util.List;

/**
 * One applied revision of a program document: when, from where, its fingerprint, and the fields it changed
 * from the revision before (paths such as {@code pointDefinitions[0].escrow.days}; secrets by name only).
 */
public record ProgramRevision(int revision, Instant appliedAt, String source, String sourceName, String fingerprint,
        List<String> changed) {

    public ProgramRevision {
        changed = List.copyOf(changed);
    }
}
