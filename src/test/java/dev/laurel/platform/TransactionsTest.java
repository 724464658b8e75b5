package dev.laurel.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.laurel.support.Backends;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A write that PostgreSQL gives up on a deadlock runs again, a bounded number of times; other failures do not. */
class TransactionsTest extends IntegrationTest {

    @Autowired
    Transactions transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    private static void lockMember(Connection connection, String programId, String memberId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select 1 from members where program_id = ? and id = ?::uuid for update")) {
            lock.setString(1, programId);
            lock.setString(2, memberId);
            lock.executeQuery().close();
        }
    }

    @Test
    void a_transaction_chosen_as_a_deadlock_victim_runs_again_and_succeeds() throws Exception {
        TestProgram program = newProgram();
        String a = as(program).post("/v1/members", "{}").json().get("id").asString();
        String b = as(program).post("/v1/members", "{}").json().get("id").asString();
        AtomicInteger attempts = new AtomicInteger();
        try (Connection other = dataSource.getConnection()) {
            // PostgreSQL looks for a deadlock once, when a waiter's deadlock_timeout passes, and gives up that waiter
            // if it finds one. The write's first attempt waits 5 s before it looks (time enough for this thread to ask
            // for b, even on a loaded machine); the other transaction would wait 60 s, so the write is the victim.
            try (var statement = other.createStatement()) {
                statement.execute("set deadlock_timeout = '60s'");
            }
            other.setAutoCommit(false);
            lockMember(other, program.id(), a);
            // The write takes b, then waits for a: the other transaction then asks for b, and the write, waiting
            // first, is the one PostgreSQL finds in the deadlock and gives up.
            CompletableFuture<String> write = CompletableFuture.supplyAsync(() -> transactions.write(status -> {
                if (attempts.incrementAndGet() == 1) {
                    jdbc.sql("set local deadlock_timeout = '5s'").update();
                }
                jdbc.sql("select 1 from members where program_id = :p and id = :id for update")
                        .param("p", program.id()).param("id", UUID.fromString(b)).query(Integer.class).single();
                jdbc.sql("select 1 from members where program_id = :p and id = :id for update /* transactions-test */")
                        .param("p", program.id()).param("id", UUID.fromString(a)).query(Integer.class).single();
                return "written";
            }));
            Backends.awaitBlocked(jdbc, "transactions-test", Duration.ofSeconds(20));
            lockMember(other, program.id(), b);
            other.commit();

            assertThat(write.get(30, TimeUnit.SECONDS)).isEqualTo("written");
            other.setAutoCommit(true);
            try (var statement = other.createStatement()) {
                statement.execute("reset deadlock_timeout");
            }
        }
        assertThat(attempts.get()).isEqualTo(2);
    }

    @Test
    void a_deadlock_every_time_is_given_up_after_the_last_attempt() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> transactions.write(status -> {
            attempts.incrementAndGet();
            throw new PessimisticLockingFailureException("deadlock", new SQLException("deadlock detected", "40P01"));
        })).isInstanceOf(PessimisticLockingFailureException.class);

        assertThat(attempts.get()).isEqualTo(Transactions.ATTEMPTS_MAX);
    }

    @Test
    void any_other_failure_is_not_run_again() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> transactions.write(status -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("a bug");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(attempts.get()).isEqualTo(1);
    }
}
