package dev.laurel.web;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * How a page writes dates and numbers: in the reader's language ({@link Languages}) and the program's zone. Templates
 * reach it as {@code fmt}: {@code ${fmt.date(instant)}}, {@code ${fmt.dateTime(instant)}}, {@code ${fmt.number(points)}}.
 */
public record Formats(Locale locale, ZoneId zone) {

    /** A day, such as "4 Dec 2026" or "4 dec. 2026"; empty for null. */
    public String date(Instant at) {
        return at == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).withZone(zone).format(at);
    }

    /** A calendar day already in the program's zone (an expiry or availability date), written as {@link #date(Instant)}. */
    public String date(LocalDate day) {
        return day == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(day);
    }

    /** A day and a time of day in the program's zone; empty for null. */
    public String dateTime(Instant at) {
        return at == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale).withZone(zone).format(at);
    }

    /** A whole number with the language's grouping, such as "12,500" or "12 500". */
    public String number(long value) {
        return NumberFormat.getIntegerInstance(locale).format(value);
    }
}
