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
 * embedded one whose data stays in {@code LAUREL_DATA_DIR} (default {@code ./laurel-data}).
 *
 * <p>A request waits at most {@code LAUREL_DB_CONNECTION_TIMEOUT} for a connection: while the
 * database is down it answers 503 within that time, and the pool reconnects by itself once the
 * database is back.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

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
        if (!settings.db().embedded()) {
            return EmbeddedDatabase.NONE;
        }
        Path dir = settings.db().dataDir().toAbsolutePath();
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .start();
            log.info("Embedded PostgreSQL started on port {} with its data in {}", postgres.getPort(), dir);
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
