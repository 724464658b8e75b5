package dev.laurel.programs;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.PGProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Tells this node's {@link Programs} the moment a program or an API key changes on any node: a connection of its own
 * LISTENs on {@link #CHANNEL}, which triggers on {@code programs} and {@code api_keys} NOTIFY when a change commits
 * (migration V32). While the connection is lost nothing is trusted from memory; when it is back, everything kept
 * before is dropped (a change may have been missed meanwhile). An idle connection is checked with a query every
 * {@link #WAIT_MS}, and a check that hangs for {@link #SOCKET_TIMEOUT_SECONDS} counts as lost.
 */
@Component
class ProgramChanges implements SmartLifecycle {

    static final String CHANNEL = "laurel_programs";
    /** How long one wait for notifications lasts before the connection is checked. */
    static final int WAIT_MS = 2_000;
    static final int SOCKET_TIMEOUT_SECONDS = 10;
    /** The pause before listening again after the connection was lost. */
    static final long RECONNECT_PAUSE_MS = 1_000;

    private static final Logger log = LoggerFactory.getLogger(ProgramChanges.class);

    private final DataSource dataSource;
    private final Programs programs;
    private final Object pause = new Object();
    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    ProgramChanges(DataSource dataSource, Programs programs) {
        this.dataSource = dataSource;
        this.programs = programs;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::listen, "laurel-program-changes");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        synchronized (pause) {
            pause.notifyAll();
        }
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the thread sees the connection gone and ends
            }
        }
        try {
            thread.join(SOCKET_TIMEOUT_SECONDS * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        programs.listening(false);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        boolean lost = false;
        while (running) {
            try (Connection c = open()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("listen " + CHANNEL);
                }
                programs.listening(true);
                if (lost) {
                    log.info("listening for program and API key changes again");
                    lost = false;
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] heard = pg.getNotifications(WAIT_MS);
                    if (heard != null && heard.length > 0) {
                        programs.forget();
                    } else {
                        try (Statement s = c.createStatement()) {
                            s.execute("select 1");
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                programs.listening(false);
                if (running && !lost) {
                    log.warn("not listening for program and API key changes ({}): each request reads them from the database until it is back",
                            e.toString());
                    lost = true;
                }
                pauseBeforeRetry();
            } finally {
                connection = null;
            }
        }
    }

    /** A connection of its own, outside the pool: it stays open as long as Laurel runs. */
    private Connection open() throws SQLException {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            properties.setProperty(PGProperty.USER.getName(), pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty(PGProperty.PASSWORD.getName(), pool.getPassword());
        }
        properties.setProperty(PGProperty.SOCKET_TIMEOUT.getName(), Integer.toString(SOCKET_TIMEOUT_SECONDS));
        properties.setProperty(PGProperty.APPLICATION_NAME.getName(), "laurel-program-changes");
        return DriverManager.getConnection(pool.getJdbcUrl(), properties);
    }

    private void pauseBeforeRetry() {
        synchronized (pause) {
            if (running) {
                try {
                    pause.wait(RECONNECT_PAUSE_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }
}
