package dev.laurel.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A member's holds, newest first; {@code next} continues after the last one, or is null on the last page. */
public record HoldPage(List<Hold> holds, Position next) {

    public HoldPage {
        holds = List.copyOf(holds);
    }

    /** Where a page ends: the last hold's creation time and id. */
    public record Position(Instant createdAt, UUID id) {}
}
