package dev.laurel.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The plans of Laurel's statements as PostgreSQL runs them, for tests that check a query reads through its index. */
public final class Plans {

    private static final Pattern NAMED = Pattern.compile("(?<!:):([a-zA-Z][a-zA-Z0-9]*)");
    private static final Pattern BUFFERS = Pattern.compile("Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?");

    private Plans() {}

    /**
     * EXPLAIN (ANALYZE, BUFFERS) of {@code sql} (with {@code :name} parameters, as JdbcClient takes it) prepared with its
     * parameters as $n, in plan_cache_mode {@code mode} ({@code force_generic_plan}: what a JDBC statement gets after a
     * few executions; {@code force_custom_plan}).
     */
    public static String explain(Connection c, String sql, Map<String, Object> params, String mode) throws SQLException {
        List<String> names = new ArrayList<>();
        Matcher m = NAMED.matcher(sql);
        StringBuilder numbered = new StringBuilder();
        while (m.find()) {
            if (!names.contains(m.group(1))) {
                names.add(m.group(1));
            }
            m.appendReplacement(numbered, "\\$" + (names.indexOf(m.group(1)) + 1));
        }
        m.appendTail(numbered);
        String types = names.stream().map(n -> type(params.get(n))).collect(Collectors.joining(", "));
        String values = names.stream().map(n -> literal(params.get(n))).collect(Collectors.joining(", "));
        try (Statement s = c.createStatement()) {
            s.execute("set plan_cache_mode = " + mode);
            s.execute("prepare explained (" + types + ") as " + numbered);
            try {
                StringBuilder plan = new StringBuilder();
                try (ResultSet r = s.executeQuery("explain (analyze, buffers, costs off, timing off) execute explained (" + values + ")")) {
                    while (r.next()) {
                        plan.append(r.getString(1)).append('\n');
                    }
                }
                return plan.toString();
            } finally {
                s.execute("deallocate explained");
                s.execute("reset plan_cache_mode");
            }
        }
    }

    /** The buffers the whole statement touched: the first Buffers line is the top node's, which counts its children's. */
    public static int buffers(String plan) {
        Matcher m = BUFFERS.matcher(plan);
        if (!m.find()) {
            throw new AssertionError("no Buffers line in\n" + plan);
        }
        return (m.group(1) == null ? 0 : Integer.parseInt(m.group(1))) + (m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
    }

    private static String type(Object value) {
        return value instanceof Integer ? "integer" : value instanceof UUID ? "uuid" : value instanceof OffsetDateTime ? "timestamptz" : "text";
    }

    private static String literal(Object value) {
        return value instanceof Integer ? value.toString() : "'" + value.toString().replace("'", "''") + "'";
    }
}
