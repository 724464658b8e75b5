package dev.laurel.timeline;

import dev.laurel.timeline.internal.TimelineStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** The timeline module's API: an append-only list of member events. */
@Service
public class Timeline {

    private final TimelineStore store;
    private final Clock clock;

    Timeline(TimelineStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Appends an event in the current transaction. With an {@code eventId}, sending the same event
     * again is a no-op: the first one is returned.
     */
    public TimelineEvent record(String programId, UUID memberId, String type, Instant occurredAt, Map<String, Object> attributes,
            String eventId, String origin) {
        TimelineEvent event = new TimelineEvent(UUID.randomUUID(), memberId, type, occurredAt, clock.instant(), attributes, eventId, origin);
        if (store.insert(programId, event)) {
            return event;
        }
        return store.findByEventId(programId, memberId, eventId).orElseThrow(
                () -> new IllegalStateException("event " + eventId + " is neither new nor stored"));
    }

    /** An event Laurel records about itself (points earned, tier changed, ...). */
    public TimelineEvent recordOwn(String programId, UUID memberId, String type, Instant occurredAt, Map<String, Object> attributes) {
        return record(programId, memberId, type, occurredAt, attributes, null, TimelineEvent.LAUREL);
    }

    public Optional<TimelineEvent> find(String programId, UUID memberId, UUID id) {
        return store.find(programId, memberId, id);
    }
}
