package dev.laurel.events;

import java.time.Instant;
import java.util.UUID;

/** An event as recorded for subscribers: {@code body} is its JSON, exactly as delivered. */
public record ProgramEvent(UUID id, String type, UUID memberId, Instant recordedAt, String body) {}
