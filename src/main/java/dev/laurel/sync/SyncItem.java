package dev.laurel.sync;

import java.time.Instant;

/**
 * One item of an Engage sync request, as sent: {@code contactId} is kept as text (it may not even be
 * a UUID, as the seed's own example shows), the rest typed.
 */
public record SyncItem(String contactId, long amount, int definitionId, Instant timeStamp, String source, String description,
        Instant validFrom, Instant validTo) {}
