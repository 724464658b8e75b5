package dev.laurel.webhooks;

import java.time.Instant;
import java.util.UUID;

/**
 * An outbox event and its delivery state. The same {@code id} goes out on every attempt. {@code url} is the
 * subscription's for a {@code SUBSCRIPTION} event (null for the point master's, whose URL is the program's).
 */
public record WebhookEvent(
        UUID id,
        UUID memberId,
        String eventType,
        String target,
        String status,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        Integer lastStatus,
        Instant createdAt,
        Instant deliveredAt,
        String url) {

    /** Waiting for its next delivery attempt (a webhook is queued; only points are pending). */
    public static final String QUEUED = "QUEUED";
    public static final String DELIVERED = "DELIVERED";
    public static final String DEAD = "DEAD";
}
