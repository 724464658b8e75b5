package dev.laurel.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one PostgreSQL the whole test suite uses: the one named by {@code LAUREL_TEST_DB_URL}
 * (with {@code LAUREL_TEST_DB_USERNAME} and {@code LAUREL_TEST_DB_PASSWORD}), or else an embedded
 * one started once per JVM in a fresh temporary directory.
 */
public final class TestDatabase {

    private static EmbeddedPostgres embedded;

    private TestDatabase() {}

    public static synchronized String url() {
        String external = System.getenv("LAUREL_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (embedded == null) {
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("max_connections", "200");
                if (!Boolean.getBoolean("laurel.test.durable")) {
                    // Durability is not under test: without fsync the suite's many small commits run fast.
                    // Benchmarks pass -Dlaurel.test.durable=true to measure with PostgreSQL's defaults.
                    builder.setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off")
                            .setServerConfig("full_page_writes", "off");
                }
                if (Boolean.getBoolean("laurel.test.statements")) {
                    // Benchmarks that count statements per operation read pg_stat_statements.
                    builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
                    builder.setServerConfig("pg_stat_statements.track_planning", "on");
                }
                String explain = System.getProperty("laurel.test.explain");
                if (explain != null) {
                    // -Dlaurel.test.explain=50ms logs the plan of every statement slower than that, with the time of
                    // each node and trigger (foreign-key checks), to the embedded PostgreSQL's log in /tmp/laurel-pg-explain.
                    builder.setServerConfig("shared_preload_libraries", Boolean.getBoolean("laurel.test.statements")
                                    ? "pg_stat_statements,auto_explain" : "auto_explain")
                            .setServerConfig("auto_explain.log_min_duration", explain).setServerConfig("auto_explain.log_analyze", "on")
                            .setServerConfig("auto_explain.log_triggers", "on").setServerConfig("auto_explain.log_buffers", "on")
                            .setServerConfig("logging_collector", "on").setServerConfig("log_directory", "/tmp/laurel-pg-explain");
                }
                embedded = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded test PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return embedded.getJdbcUrl("postgres", "postgres");
    }

    public static String username() {
        String external = System.getenv("LAUREL_TEST_DB_URL");
        return external != null && !external.isBlank() ? env("LAUREL_TEST_DB_USERNAME") : "postgres";
    }

    public static String password() {
        String external = System.getenv("LAUREL_TEST_DB_URL");
        return external != null && !external.isBlank() ? env("LAUREL_TEST_DB_PASSWORD") : "";
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }
}
