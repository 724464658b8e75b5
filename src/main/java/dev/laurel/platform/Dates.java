package dev.laurel.platform;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;

/**
 * The dates and times Laurel accepts, defined once: from 1900-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z
 * (dates: 1900-01-01 to 9999-12-31). PostgreSQL stores more (4713 BC to 294276 AD), but outside this range
 * a value is a mistake or an attack: years past 9999 cannot be written as ISO 8601 without a sign, and a
 * year such as -5000 is stored as {@code -infinity}, which breaks every later read of it. Every reader of a
 * date from outside (JSON fields, bound request bodies, cursors) checks it here and answers 400 naming the field.
 */
public final class Dates {

    public static final Instant MIN = Instant.parse("1900-01-01T00:00:00Z");
    /** The last instant accepted (PostgreSQL keeps microseconds). */
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");
    public static final LocalDate MIN_DATE = LocalDate.of(1900, 1, 1);
    public static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);
    public static final String RANGE = "1900-01-01T00:00:00Z to 9999-12-31T23:59:59Z";
    /** The message a field outside the range gets. */
    public static final String OUT_OF_RANGE = "must be from " + RANGE;
    public static final String DATE_OUT_OF_RANGE = "must be a date from 1900-01-01 to 9999-12-31";

    private Dates() {}

    public static boolean accepted(Instant instant) {
        return !instant.isBefore(MIN) && !instant.isAfter(MAX);
    }

    public static boolean accepted(LocalDate date) {
        return !date.isBefore(MIN_DATE) && !date.isAfter(MAX_DATE);
    }

    public static boolean accepted(OffsetDateTime dateTime) {
        return accepted(dateTime.toInstant());
    }

    /** Whether a parsed value of any date or time type Laurel reads is inside the range (other types are). */
    public static boolean accepted(Temporal value) {
        if (value instanceof Instant instant) {
            return accepted(instant);
        }
        if (value instanceof OffsetDateTime dateTime) {
            return accepted(dateTime);
        }
        if (value instanceof LocalDate date) {
            return accepted(date);
        }
        if (value instanceof ZonedDateTime zoned) {
            return accepted(zoned.toInstant());
        }
        if (value instanceof LocalDateTime local) {
            return accepted(local.toInstant(ZoneOffset.UTC));
        }
        return true;
    }

    /** The message for a value outside the range, by its type. */
    public static String outOfRange(Temporal value) {
        return value instanceof LocalDate ? DATE_OUT_OF_RANGE : OUT_OF_RANGE;
    }

    /** An ISO 8601 instant, such as a cursor carries; {@link IllegalArgumentException} when it is not one or is outside the range. */
    public static Instant instant(String text) {
        Instant instant = Instant.parse(text);
        if (!accepted(instant)) {
            throw new IllegalArgumentException(text + " " + OUT_OF_RANGE);
        }
        return instant;
    }
}
