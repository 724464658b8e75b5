package dev.laurel.redemption;

import dev.laurel.platform.Money;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One cash-out run: the period it is for (the period's last day, in the program's zone), its terms as they were when
 * it started (the definition, the step and its value, the least balance cashed out), how far it has got (members
 * converted, points, value of the gift cards), and whether it is {@code RUNNING} or {@code DONE}.
 */
public record CashOutRun(
        LocalDate period,
        String status,
        int definitionId,
        long step,
        Money stepValue,
        long threshold,
        long membersConverted,
        long points,
        Money value,
        Instant startedAt,
        Instant finishedAt) {

    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
}
