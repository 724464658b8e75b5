package dev.laurel.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.laurel.proof.LaurelNode;
import dev.laurel.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which pool a connection comes from: the replica's only while a thread is allowed to read from it; the primary's
 * otherwise, and whenever the replica gives no connection (then for a while without trying it again). Both pools are
 * real PostgreSQL connections (the suite's database, the "replica" as a read-only pool of its own name); the replica
 * that is down is a port nothing listens on.
 */
class ReplicaRoutingDataSourceTest {

    @AfterEach
    void backToThePrimary() {
        ReplicaReads.end();
    }

    @Test
    void reads_go_to_the_replica_only_where_allowed_and_the_replica_pool_cannot_write() throws SQLException {
        try (ReplicaRoutingDataSource routing = new ReplicaRoutingDataSource(pool("laurel-test-primary", TestDatabase.url()),
                readPool(TestDatabase.url()))) {
            assertThat(applicationName(routing)).as("a connection outside an allowed endpoint").isEqualTo("laurel-test-primary");
            ReplicaReads.begin();
            assertThat(applicationName(routing)).as("a connection while replica reads are allowed")
                    .isEqualTo(DatabaseConfiguration.READ_APPLICATION_NAME);
            try (Connection c = routing.getConnection(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("create table replica_write(x int)"))
                        .as("a write on the read pool").isInstanceOf(SQLException.class).hasMessageContaining("read-only");
            }
            ReplicaReads.end();
            assertThat(applicationName(routing)).as("after the request").isEqualTo("laurel-test-primary");
            assertThat(routing.replicaConnections()).isEqualTo(2);
        }
    }

    @Test
    void a_replica_that_gives_no_connection_sends_reads_to_the_primary() throws SQLException {
        String down = "jdbc:postgresql://127.0.0.1:" + LaurelNode.freePort() + "/postgres";
        try (ReplicaRoutingDataSource routing = new ReplicaRoutingDataSource(pool("laurel-test-primary", TestDatabase.url()),
                readPool(down))) {
            ReplicaReads.begin();
            long started = System.nanoTime();
            assertThat(applicationName(routing)).as("a read while the replica is down").isEqualTo("laurel-test-primary");
            long firstMs = (System.nanoTime() - started) / 1_000_000;
            started = System.nanoTime();
            assertThat(applicationName(routing)).as("the next read").isEqualTo("laurel-test-primary");
            long secondMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(firstMs).as("the first read waits at most the read pool's connection timeout (and some)")
                    .isLessThan(DatabaseConfiguration.READ_CONNECTION_TIMEOUT_MS + 2_000);
            assertThat(secondMs).as("the next reads do not try the replica again at once").isLessThan(firstMs);
            assertThat(routing.replicaConnections()).isZero();
        }
    }

    private static String applicationName(ReplicaRoutingDataSource routing) throws SQLException {
        try (Connection c = routing.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select current_setting('application_name')")) {
            r.next();
            return r.getString(1);
        }
    }

    private static HikariDataSource pool(String name, String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(TestDatabase.username());
        config.setPassword(TestDatabase.password());
        config.setMaximumPoolSize(2);
        config.addDataSourceProperty("ApplicationName", name);
        return new HikariDataSource(config);
    }

    /** As DatabaseConfiguration makes it from the primary's settings. */
    private static HikariDataSource readPool(String url) {
        HikariConfig primary = new HikariConfig();
        primary.setUsername(TestDatabase.username());
        primary.setPassword(TestDatabase.password());
        primary.setMaximumPoolSize(2);
        primary.setConnectionTimeout(3000);
        primary.addDataSourceProperty("ApplicationName", "laurel-test-primary");
        HikariConfig read = DatabaseConfiguration.readConfig(primary, url);
        assertThat(primary.getDataSourceProperties()).as("the primary's settings, once the read pool's are made")
                .containsEntry("ApplicationName", "laurel-test-primary").doesNotContainKey("readOnlyMode");
        return new HikariDataSource(read);
    }
}
