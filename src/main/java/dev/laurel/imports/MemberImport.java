package dev.laurel.imports;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An import and how far it got: {@code Queued}, {@code Processing}, then {@code Completed} or, when a line could not be
 * applied, {@code CompletedWithErrors} with one message per such line. {@code lines} counts the members in the file.
 */
public record MemberImport(
        UUID id,
        String format,
        String status,
        int lines,
        int applied,
        int membersCreated,
        int membersExisting,
        int balancesPosted,
        long pointsPosted,
        int balancesAlreadyPosted,
        int tiersSet,
        String receivedBy,
        Instant receivedAt,
        Instant updatedAt,
        long messageCount,
        List<Message> messages) {

    public static final String QUEUED = "Queued";
    public static final String PROCESSING = "Processing";
    public static final String COMPLETED = "Completed";
    public static final String COMPLETED_WITH_ERRORS = "CompletedWithErrors";

    public MemberImport {
        messages = List.copyOf(messages);
    }

    /** Why the member on {@code line} of the file was not (wholly) applied. */
    public record Message(int line, String message) {}
}
