package dev.laurel.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes that need no answer, held back within a transaction and sent together as one statement: each held write
 * becomes a data-modifying {@code WITH} part of the next statement that goes out, so a posting's entry, lot, account,
 * timeline event and partner transaction cost one round trip, not five.
 *
 * <p>Inside {@link #collect}, {@link #update} holds a write back; {@link #query} sends what is held as the parts of its
 * own statement; anything else that runs on the transaction's connection meanwhile (a listener's read, another
 * module's write, the commit) first sends what is held, as one statement of its own ({@link WriteBehindDataSource}),
 * so every other statement sees every write made before it, as without holding back. Outside {@code collect} both run at
 * once.
 *
 * <p>PostgreSQL runs every part of a statement on one snapshot, so no held write, and no {@link #query}, may depend on
 * a held write's rows: a write or a read that needs what an earlier held write wrote must run as a plain statement of
 * its own (which sends what is held first), never through {@code query}. Foreign keys are checked at the end of the
 * statement, as between statements. A held write that fails fails the statement it went out with, inside the same
 * transaction: its caller's transaction fails as it would have. Statements given here must not have {@code --}
 * comments, and a {@code :name} inside a string literal of theirs would be taken for a parameter.
 */
@Component
public class WriteBehind {

    /** Writes held back on this thread's transaction, and whether they are being sent now. */
    private static final ThreadLocal<Held> HELD = new ThreadLocal<>();
    /** A named parameter ({@code :name}, not a {@code ::type} cast). */
    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([A-Za-z_]\\w*)");
    /**
     * Statements as renamed for a part, and combined statements, kept up to this many each (their texts are the code's
     * constants: a few dozen, in a few dozen combinations). Kept, a combined statement is the same {@code String} each
     * time, so the statement caches it goes through (Spring's parsed statements, the driver's prepared ones) find it by
     * identity, without hashing and comparing its text again.
     */
    private static final int KEPT_MAX = 1_000;
    private static final Map<Renaming, Renamed> RENAMED = new ConcurrentHashMap<>();
    private static final Map<Shape, String> COMBINED = new ConcurrentHashMap<>();

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    WriteBehind(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    private static final class Held {
        final JdbcClient jdbc;
        final DataSource dataSource;
        /** The transaction's connection, as Spring holds it: writes are held for this transaction only. */
        final Object transaction;
        final List<Part> parts = new ArrayList<>();
        boolean sending;

        Held(JdbcClient jdbc, DataSource dataSource) {
            this.jdbc = jdbc;
            this.dataSource = dataSource;
            this.transaction = TransactionSynchronizationManager.getResource(dataSource);
        }

        /** Whether the thread runs in the transaction these writes belong to (not one begun inside it). */
        boolean current() {
            return TransactionSynchronizationManager.getResource(dataSource) == transaction;
        }
    }

    /** A statement as the part at {@code index} (its text a constant: its hash is kept, and equal is mostly identical). */
    private record Renaming(int index, String sql) {}

    /** A statement renamed for a part: its text, and each of its parameters' new name. */
    private record Renamed(String prefix, String sql, Map<String, String> names) {

        String name(String name) {
            String renamed = names.get(name);
            return renamed != null ? renamed : prefix + name; // a parameter the statement does not use
        }
    }

    /** The statements a combined statement is made of, in order. */
    private record Shape(List<String> parts, String last) {}

    record Part(String sql, Map<String, ?> params) {}

    /**
     * Runs {@code work} holding back the writes handed to {@link #update} and sends what is still held before returning,
     * in the same transaction. Outside a transaction, or inside another {@code collect}, it just runs {@code work}.
     */
    public <T> T collect(Supplier<T> work) {
        if (HELD.get() != null || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return work.get();
        }
        Held held = new Held(jdbc, dataSource);
        HELD.set(held);
        try {
            T result = work.get();
            send(held);
            return result;
        } finally {
            HELD.remove();
        }
    }

    /** A write that returns nothing: held back inside {@link #collect}, else run now. It must not begin with {@code WITH}. */
    public void update(String sql, Map<String, ?> params) {
        Held held = HELD.get();
        if (held == null || held.sending || !held.current()) {
            jdbc.sql(sql).params(params).update();
            return;
        }
        if (startsWithWith(sql)) {
            throw new IllegalArgumentException("a held-back write cannot have a WITH of its own: " + sql);
        }
        held.parts.add(new Part(sql, params));
    }

    /** A statement whose rows are needed now; what is held goes out as its first parts. */
    public <T> List<T> query(String sql, Map<String, ?> params, RowMapper<T> rows) {
        Held held = HELD.get();
        if (held == null || held.sending || held.parts.isEmpty() || !held.current()) {
            return jdbc.sql(sql).params(params).query(rows).list();
        }
        List<Part> parts = List.copyOf(held.parts);
        held.parts.clear();
        Part combined = combine(parts, new Part(sql, params));
        held.sending = true;
        try {
            return jdbc.sql(combined.sql()).params(combined.params()).query(rows).list();
        } finally {
            held.sending = false;
        }
    }

    /** Sends what this thread's transaction holds back, if anything: before any other statement and before the commit. */
    static void sendHeld() {
        Held held = HELD.get();
        if (held != null && !held.sending && !held.parts.isEmpty() && held.current()) {
            send(held);
        }
    }

    /** Forgets what this thread holds back: the transaction rolled back. */
    static void dropHeld() {
        Held held = HELD.get();
        if (held != null && !held.sending && held.current()) {
            held.parts.clear();
        }
    }

    private static void send(Held held) {
        if (held.parts.isEmpty()) {
            return;
        }
        List<Part> parts = List.copyOf(held.parts);
        held.parts.clear();
        Part combined = parts.size() == 1 ? parts.get(0) : combine(parts.subList(0, parts.size() - 1), parts.get(parts.size() - 1));
        held.sending = true;
        try {
            held.jdbc.sql(combined.sql()).params(combined.params()).update();
        } finally {
            held.sending = false;
        }
    }

    /**
     * One statement: each of {@code parts} as a {@code WITH} part (its parameters renamed {@code w<i>_<name>}), then
     * {@code last} as the statement's own (its {@code WITH}, if it has one, continued).
     */
    static Part combine(List<Part> parts, Part last) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> sqls = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            sqls.add(part.sql());
            Renamed renamed = renamed(i, part.sql());
            part.params().forEach((name, value) -> params.put(renamed.name(name), value));
        }
        last.params().forEach((name, value) -> {
            if (params.put(name, value) != null) {
                throw new IllegalArgumentException("parameter " + name + " of the last statement clashes with a held write's");
            }
        });
        Shape shape = new Shape(sqls, last.sql());
        String sql = COMBINED.get(shape);
        if (sql == null) {
            sql = combinedSql(sqls, last.sql());
            if (COMBINED.size() < KEPT_MAX) {
                COMBINED.put(shape, sql);
            }
        }
        return new Part(sql, params);
    }

    private static String combinedSql(List<String> parts, String last) {
        StringBuilder sql = new StringBuilder("with ");
        for (int i = 0; i < parts.size(); i++) {
            sql.append(i == 0 ? "" : ",\n").append("w").append(i).append(" as (").append(renamed(i, parts.get(i)).sql()).append(')');
        }
        String own = last.strip();
        if (startsWithWith(own)) {
            sql.append(",\n").append(own.substring(4).strip());
        } else {
            sql.append('\n').append(own);
        }
        return sql.toString();
    }

    /** {@code sql} with each of its parameters renamed {@code w<index>_<name>}. */
    private static Renamed renamed(int index, String sql) {
        Renaming key = new Renaming(index, sql);
        Renamed known = RENAMED.get(key);
        if (known != null) {
            return known;
        }
        String prefix = "w" + index + "_";
        Map<String, String> names = new LinkedHashMap<>();
        Matcher m = PARAMETER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            names.put(name, prefix + name);
            m.appendReplacement(out, Matcher.quoteReplacement(":" + prefix + name));
        }
        m.appendTail(out);
        Renamed renamed = new Renamed(prefix, out.toString(), Map.copyOf(names));
        if (RENAMED.size() < KEPT_MAX) {
            RENAMED.put(key, renamed);
        }
        return renamed;
    }

    private static boolean startsWithWith(String sql) {
        String s = sql.stripLeading().toLowerCase(Locale.ROOT);
        return s.startsWith("with") && s.length() > 4 && Character.isWhitespace(s.charAt(4));
    }
}
