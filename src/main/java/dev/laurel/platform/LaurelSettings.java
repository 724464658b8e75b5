package dev.laurel.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting Laurel reads, bound from {@code application.yaml}, which maps each one to its
 * {@code LAUREL_*} environment variable (see the README's configuration table).
 */
@ConfigurationProperties("laurel")
public record LaurelSettings(
        @DefaultValue("development") String profile,
        @DefaultValue Db db,
        @DefaultValue Programs programs,
        @DefaultValue ClockSettings clock,
        @DefaultValue Sweeps sweeps,
        @DefaultValue Outbound outbound,
        @DefaultValue PointMaster pointMaster,
        @DefaultValue Clients clients) {

    public static final String PRODUCTION = "production";
    public static final String DEVELOPMENT = "development";

    public LaurelSettings {
        if (!PRODUCTION.equals(profile) && !DEVELOPMENT.equals(profile)) {
            throw new IllegalArgumentException(
                    "LAUREL_PROFILE must be 'development' or 'production', was '" + profile + "'");
        }
    }

    public boolean production() {
        return PRODUCTION.equals(profile);
    }

    /**
     * {@code url} blank means: start the embedded PostgreSQL with its data in {@code dataDir}, durable (fsync,
     * synchronous commit and full page writes on) unless {@code embeddedFast} (development only).
     * {@code connectionTimeout} is how long a request waits for a database connection before it answers 503.
     */
    public record Db(
            @DefaultValue("") String url,
            @DefaultValue("") String username,
            @DefaultValue("") String password,
            @DefaultValue("laurel-data") Path dataDir,
            @DefaultValue("10") int poolSize,
            @DefaultValue("3s") Duration connectionTimeout,
            @DefaultValue("false") boolean embeddedFast,
            @DefaultValue("") String readUrl) {

        public static final Duration CONNECTION_TIMEOUT_MIN = Duration.ofSeconds(1);
        public static final Duration CONNECTION_TIMEOUT_MAX = Duration.ofMinutes(1);

        public Db {
            if (connectionTimeout.compareTo(CONNECTION_TIMEOUT_MIN) < 0 || connectionTimeout.compareTo(CONNECTION_TIMEOUT_MAX) > 0) {
                throw new IllegalArgumentException("LAUREL_DB_CONNECTION_TIMEOUT must be from " + CONNECTION_TIMEOUT_MIN.toSeconds()
                        + "s to " + CONNECTION_TIMEOUT_MAX.toSeconds() + "s, was " + connectionTimeout);
            }
            if (readUrl != null && !readUrl.isBlank() && (url == null || url.isBlank())) {
                throw new IllegalArgumentException("LAUREL_DB_READ_URL needs LAUREL_DB_URL: a read replica is a standby of an external "
                        + "primary, never of the embedded database");
            }
            readUrl = readUrl == null ? "" : readUrl;
        }

        public boolean embedded() {
            return url == null || url.isBlank();
        }
    }

    /**
     * {@code dir} blank means: in development, the bundled sample programs; in production, none.
     * {@code apiVariables} are the only {@code ${NAME}}s a document sent over the API may use.
     */
    public record Programs(@DefaultValue("") String dir, @DefaultValue List<String> apiVariables) {}

    public record ClockSettings(@DefaultValue("false") boolean adjustable) {}

    public record Sweeps(@DefaultValue("true") boolean enabled, @DefaultValue("10s") Duration interval) {}

    /**
     * Outbound HTTP (point master history, webhooks): hosts listed in {@code allowedHosts}
     * ({@code host} or {@code host:port}) may resolve to private or loopback addresses; no other may.
     */
    public record Outbound(@DefaultValue List<String> allowedHosts) {}

    /**
     * What one client (one remote address) may take of a node: {@code connectionsMax} requests in flight at once
     * ({@code LAUREL_CLIENT_CONNECTIONS_MAX}; more are answered 429), and {@code bodyTimeout} to send a request's
     * whole body ({@code LAUREL_REQUEST_BODY_TIMEOUT}; else 408).
     */
    public record Clients(@DefaultValue("64") int connectionsMax, @DefaultValue("30s") Duration bodyTimeout) {

        public static final int CONNECTIONS_MAX_LIMIT = 10_000;
        public static final Duration BODY_TIMEOUT_MAX = Duration.ofMinutes(10);

        public Clients {
            if (connectionsMax < 1 || connectionsMax > CONNECTIONS_MAX_LIMIT) {
                throw new IllegalArgumentException("LAUREL_CLIENT_CONNECTIONS_MAX must be between 1 and "
                        + CONNECTIONS_MAX_LIMIT + ", was " + connectionsMax);
            }
            if (bodyTimeout.compareTo(Duration.ofSeconds(1)) < 0 || bodyTimeout.compareTo(BODY_TIMEOUT_MAX) > 0) {
                throw new IllegalArgumentException("LAUREL_REQUEST_BODY_TIMEOUT must be between 1s and "
                        + BODY_TIMEOUT_MAX.toMinutes() + "m, was " + bodyTimeout);
            }
        }
    }

    /** How long Laurel waits for a point master's whole history answer before it answers 502 {@code point-master-timeout}. */
    public record PointMaster(@DefaultValue("3s") Duration historyTimeout) {

        public static final Duration HISTORY_TIMEOUT_MAX = Duration.ofMinutes(1);

        public PointMaster {
            if (historyTimeout.isNegative() || historyTimeout.isZero() || historyTimeout.compareTo(HISTORY_TIMEOUT_MAX) > 0) {
                throw new IllegalArgumentException("LAUREL_POINT_MASTER_TIMEOUT must be more than 0 and at most "
                        + HISTORY_TIMEOUT_MAX.toSeconds() + "s, was " + historyTimeout);
            }
        }
    }
}
