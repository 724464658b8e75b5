package dev.laurel.support;

import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The test's view of PostgreSQL's backends: wait for the one that is blocked on a lock the test holds, then end it
 * with {@code pg_terminate_backend}, as a restart or a lost connection would. Deterministic: the backend is ended
 * while it waits at a known statement, not at a moment a timer picked.
 */
public final class Backends {

    private Backends() {}

    /**
     * The pid of a backend waiting for a lock in a statement that contains {@code queryPart}; polled (each poll is one
     * query) until one is seen or {@code timeout} has passed.
     */
    public static int awaitBlocked(JdbcClient jdbc, String queryPart, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Integer> pid = jdbc.sql("""
                    select pid from pg_stat_activity
                     where wait_event_type = 'Lock' and pid <> pg_backend_pid() and position(:part in query) > 0
                     order by query_start limit 1
                    """).param("part", queryPart).query(Integer.class).optional();
            if (pid.isPresent()) {
                return pid.get();
            }
        }
        throw new AssertionError("no backend blocked on a lock in a statement with '" + queryPart + "' within " + timeout);
    }

    /** Ends a backend as a PostgreSQL restart would end it: its client sees SQLSTATE 57P01. */
    public static void terminate(JdbcClient jdbc, int pid) {
        boolean ended = jdbc.sql("select pg_terminate_backend(:pid)").param("pid", pid).query(Boolean.class).single();
        if (!ended) {
            throw new AssertionError("backend " + pid + " was not terminated");
        }
    }
}
