package dev.laurel.timeline;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One event of a member's timeline; {@code origin} is API (sent in) or LAUREL (recorded by Laurel itself). */
public record TimelineEvent(UUID id, UUID memberId, String type, Instant occurredAt, Instant recordedAt, Map<String, Object> attributes,
        String eventId, String origin) {

    public static final String API = "API";
    public static final String LAUREL = "LAUREL";
}
