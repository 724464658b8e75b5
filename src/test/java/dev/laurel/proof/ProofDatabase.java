package dev.laurel.proof;

import dev.laurel.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database of its own for one proof test, in the suite's test PostgreSQL ({@link TestDatabase}), so
 * the nodes' timer sweeps see only the test's programs and not the rows other tests left behind.
 * Where the server refuses {@code CREATE DATABASE} (an external test database without the right), the
 * suite's own database is used; the test's program is its own either way.
 */
public final class ProofDatabase implements AutoCloseable {

    private static final Pattern JDBC = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(.*)$");

    private final String url;
    private final String name;

    private ProofDatabase(String url, String name) {
        this.url = url;
        this.name = name;
    }

    public static ProofDatabase create(String test) {
        String base = TestDatabase.url();
        Matcher m = JDBC.matcher(base);
        String name = ("proof_" + test + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        if (!m.matches()) {
            return new ProofDatabase(base, null);
        }
        try (Connection c = DriverManager.getConnection(base, TestDatabase.username(), TestDatabase.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            System.err.println("[proof] could not create a database of its own (" + e.getMessage() + "); using the suite's");
            return new ProofDatabase(base, null);
        }
        return new ProofDatabase(m.group(1) + name + m.group(3), name);
    }

    public String url() {
        return url;
    }

    /** The {@code LAUREL_DB_*} settings of a node on this database. */
    public Map<String, String> settings() {
        return Map.of("LAUREL_DB_URL", url, "LAUREL_DB_USERNAME", TestDatabase.username(), "LAUREL_DB_PASSWORD",
                TestDatabase.password());
    }

    @Override
    public void close() {
        if (name == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), TestDatabase.username(), TestDatabase.password());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("[proof] could not drop " + name + ": " + e.getMessage());
        }
    }
}
