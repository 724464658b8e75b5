package dev.laurel.ledger;

import java.time.Instant;
import java.util.List;

/** Entries newest first; {@code next} continues after the last one, or is null on the last page. */
public record EntryPage(List<Entry> entries, LogPosition next) {

    /** Where a page of the log ends: the last entry's recording time, definition and sequence. */
    public record LogPosition(Instant recordedAt, int definitionId, long seq) {}
}
