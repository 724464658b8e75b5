package dev.laurel.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/** The JDBC conversions every repository needs: {@code timestamptz} is bound and read as {@link OffsetDateTime}. */
public final class Sql {

    /** An instant as PostgreSQL reads a {@code timestamptz}: UTC, the year unsigned past 9999, nanoseconds (PostgreSQL rounds them). */
    private static final DateTimeFormatter TIMESTAMPTZ = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4, 10, SignStyle.NORMAL).appendPattern("-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).appendLiteral("+00").toFormatter().withZone(ZoneOffset.UTC);

    private Sql() {}

    /**
     * An instant as {@code timestamptz} text, for arrays of them ({@code :at::timestamptz[]} bound as a {@code String[]}):
     * a set-based statement takes its rows as parallel arrays through {@code unnest}.
     */
    public static String text(Instant instant) {
        return instant == null ? null : TIMESTAMPTZ.format(instant);
    }

    /**
     * One column of {@code rows}, as the array a set-based statement takes ({@code unnest(:column::type[])}); a loop, not
     * a stream: the hot paths build some twenty of these per posting.
     */
    public static <T, R> R[] column(List<T> rows, Function<? super T, ? extends R> column, IntFunction<R[]> array) {
        R[] values = array.apply(rows.size());
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return values;
    }

    public static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
