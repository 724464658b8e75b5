package dev.laurel.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Laurel's only state is PostgreSQL: an external one named by {@code LAUREL_DB_URL}, or else an
 * embedded one whose data stays in {@code LAUREL_DATA_DIR} (default {@code ./laurel-data}), durable
 * unless {@code LAUREL_DB_EMBEDDED_FAST=true} (development only). Production needs an external one.
 *
 * <p>A request waits at most {@code LAUREL_DB_CONNECTION_TIMEOUT} for a connection: while the
 * database is down it answers 503 within that time, and the pool reconnects by itself once the
 * database is back.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    /** The PostgreSQL settings that make a commit survive a crash; zonky's embedded PostgreSQL turns them off by default. */
    static final String[] DURABILITY_SETTINGS = {"fsync", "synchronous_commit", "full_page_writes"};

    @Bean(destroyMethod = "close")
    DataSource dataSource(LaurelSettings settings, EmbeddedDatabase embedded) {
        LaurelSettings.Db db = settings.db();
        HikariConfig config = new HikariConfig();
        config.setPoolName("laurel");
        // A JDBC batch of inserts goes to PostgreSQL as multi-row statements.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.setMaximumPoolSize(db.poolSize());
        long timeoutMs = db.connectionTimeout().toMillis();
        config.setConnectionTimeout(timeoutMs);
        config.setValidationTimeout(timeoutMs / 2);
        // Opening a connection to a host that does not answer gives up as soon too (the driver counts in whole seconds).
        config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, db.connectionTimeout().toSeconds())));
        if (db.embedded()) {
            config.setJdbcUrl(embedded.jdbcUrl());
            config.setUsername("postgres");
        } else {
            config.setJdbcUrl(db.url());
            if (!db.username().isBlank()) {
                config.setUsername(db.username());
            }
            if (!db.password().isBlank()) {
                config.setPassword(db.password());
            }
        }
        return new HikariDataSource(config);
    }

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(LaurelSettings settings) {
        LaurelSettings.Db db = settings.db();
        if (settings.production() && db.embeddedFast()) {
            throw new UnsafeStart("LAUREL_DB_EMBEDDED_FAST=true (no fsync) is refused when LAUREL_PROFILE=production: remove it.");
        }
        if (!db.embedded()) {
            return EmbeddedDatabase.NONE;
        }
        if (settings.production()) {
            throw new UnsafeStart("LAUREL_PROFILE=production needs an external database: set LAUREL_DB_URL (with "
                    + "LAUREL_DB_USERNAME and LAUREL_DB_PASSWORD) to a PostgreSQL 15 or later.");
        }
        Path dir = db.dataDir().toAbsolutePath();
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false);
            String durability = db.embeddedFast() ? "off" : "on";
            for (String setting : DURABILITY_SETTINGS) {
                builder.setServerConfig(setting, durability);
            }
            long started = System.nanoTime();
            EmbeddedPostgres postgres = builder.start();
            log.info("Embedded PostgreSQL started on port {} in {} ms with its data in {} ({})", postgres.getPort(),
                    (System.nanoTime() - started) / 1_000_000, dir, db.embeddedFast()
                            ? "LAUREL_DB_EMBEDDED_FAST: fsync, synchronous_commit and full_page_writes off; a crash may lose commits"
                            : "durable: fsync, synchronous_commit and full_page_writes on");
            return new EmbeddedDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir
                    + " (is another Laurel using it? set LAUREL_DB_URL to use an external database)", e);
        }
    }

    /** The embedded PostgreSQL, if Laurel started one; stopped when Laurel stops. */
    record EmbeddedDatabase(EmbeddedPostgres postgres) implements AutoCloseable {
        static final EmbeddedDatabase NONE = new EmbeddedDatabase(null);

        String jdbcUrl() {
            return postgres.getJdbcUrl("postgres", "postgres");
        }

        @Override
        public void close() throws IOException {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
