package dev.laurel.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The primary's pool, and a read-only pool on a hot standby ({@code LAUREL_DB_READ_URL}) that a thread's connection
 * comes from while {@link ReplicaReads#allowed()} (outside a transaction, on an endpoint marked for it). When the
 * replica cannot give a connection, reads go to the primary for {@link #REPLICA_PAUSE} before the replica is tried
 * again: a standby that is down slows nothing and fails nothing.
 */
final class ReplicaRoutingDataSource extends DelegatingDataSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaRoutingDataSource.class);

    static final Duration REPLICA_PAUSE = Duration.ofSeconds(10);

    private final HikariDataSource primary;
    private final HikariDataSource replica;
    private final AtomicLong replicaConnections = new AtomicLong();
    private volatile long replicaBackAt = System.nanoTime();

    ReplicaRoutingDataSource(HikariDataSource primary, HikariDataSource replica) {
        super(primary);
        this.primary = primary;
        this.replica = replica;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (ReplicaReads.allowed() && System.nanoTime() - replicaBackAt >= 0) {
            try {
                Connection c = replica.getConnection();
                replicaConnections.incrementAndGet();
                return c;
            } catch (SQLException e) {
                replicaBackAt = System.nanoTime() + REPLICA_PAUSE.toNanos();
                log.warn("the read replica gave no connection ({}): reads go to the primary for the next {} s", e.toString(),
                        REPLICA_PAUSE.toSeconds());
            }
        }
        return primary.getConnection();
    }

    /** How many connections reads have taken from the replica since start. */
    long replicaConnections() {
        return replicaConnections.get();
    }

    @Override
    public void close() {
        replica.close();
        primary.close();
    }
}
