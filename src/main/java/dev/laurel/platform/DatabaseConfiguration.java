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
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

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
    /** The {@code application_name} of the read replica's connections, as {@code pg_stat_activity} shows them. */
    static final String READ_APPLICATION_NAME = "laurel-read";
    static final long READ_CONNECTION_TIMEOUT_MS = 1000;

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
        if (db.readUrl().isBlank()) {
            return new WriteBehindDataSource(new HikariDataSource(config));
        }
        HikariConfig read = readConfig(config, db.readUrl());
        log.info("Reads that may be a moment old go to the read replica {}", db.readUrl().replaceAll("password=[^&]*", "password=***"));
        return new WriteBehindDataSource(new ReplicaRoutingDataSource(new HikariDataSource(config), new HikariDataSource(read)));
    }

    /**
     * The read replica's pool: the primary's driver settings and credentials on {@code readUrl}, read-only (outside
     * transactions too), named {@value #READ_APPLICATION_NAME}, giving up on a connection after at most
     * {@value #READ_CONNECTION_TIMEOUT_MS} ms, and started even while the replica is away.
     */
    static HikariConfig readConfig(HikariConfig primary, String readUrl) {
        HikariConfig read = new HikariConfig();
        read.setPoolName("laurel-read");
        read.setJdbcUrl(readUrl);
        read.setUsername(primary.getUsername());
        read.setPassword(primary.getPassword());
        read.setMaximumPoolSize(primary.getMaximumPoolSize());
        // A copy: HikariConfig.copyStateTo would share the primary's Properties, and what follows would change both.
        read.setDataSourceProperties(primary.getDataSourceProperties());
        read.setReadOnly(true);
        // The driver's default enforces read-only only inside a transaction.
        read.addDataSourceProperty("readOnlyMode", "always");
        read.addDataSourceProperty("ApplicationName", READ_APPLICATION_NAME);
        long timeoutMs = Math.min(primary.getConnectionTimeout(), READ_CONNECTION_TIMEOUT_MS);
        read.setConnectionTimeout(timeoutMs);
        read.setValidationTimeout(timeoutMs / 2);
        read.setInitializationFailTimeout(-1);
        return read;
    }

    /**
     * Every transaction runs on the primary, and a request that began one reads from the primary to its end (so it
     * sees its own write) however its endpoint is marked.
     */
    @Bean
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource) {
            @Override
            protected void doBegin(Object transaction, TransactionDefinition definition) {
                ReplicaReads.end();
                super.doBegin(transaction, definition);
            }
        };
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
