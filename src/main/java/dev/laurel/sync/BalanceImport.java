package dev.laurel.sync;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A balance-only sync request and how far it has been applied, with one message per item skipped or failed. */
public record BalanceImport(UUID id, String status, int items, int applied, Instant receivedAt, Instant updatedAt, List<Message> messages) {

    public static final String QUEUED = "Queued";
    public static final String PROCESSING = "Processing";
    public static final String COMPLETED = "Completed";
    public static final String COMPLETED_WITH_ERRORS = "CompletedWithErrors";

    public BalanceImport {
        messages = List.copyOf(messages);
    }

    public record Message(int itemIndex, String message, Instant timeStamp) {}
}
