package dev.laurel.platform;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The one rule for telling a database failure that will pass (PostgreSQL restarting, a connection lost, no
 * connection to be had, a deadlock, a serialization failure, a lock timeout) from one that will not (a
 * constraint, a value PostgreSQL cannot store, a bug). The sweeps keep work that failed for a passing reason
 * due, the ledger retries a deadlock or serialization failure, and the HTTP layer answers such a failure 503
 * {@code database-unavailable} with {@code Retry-After}.
 */
public final class DatabaseFailures {

    /** What a 503 {@code database-unavailable} tells the client to wait before trying again. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** SQLSTATEs that pass: connection exceptions (class 08) are matched by their class. */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "40001",                    // serialization_failure
            "40P01",                    // deadlock_detected
            "55P03",                    // lock_not_available (lock_timeout)
            "57P01", "57P02", "57P03"); // admin_shutdown, crash_shutdown, cannot_connect_now
    private static final String CONNECTION_EXCEPTION_CLASS = "08";
    /** Of those, the ones where running the whole transaction again at once is worth it. */
    private static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01");
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String MEMBER_REFERENCE_SUFFIX = "_program_id_member_id_fkey";
    /** A cause chain is followed this far (a cycle or a pathological chain ends the search). */
    private static final int CAUSES_MAX = 20;

    private DatabaseFailures() {}

    /** Whether {@code failure} (or any of its causes) is a database failure that passes by itself. */
    public static boolean isTransient(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < CAUSES_MAX; t = t.getCause(), depth++) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException // includes CannotGetJdbcConnectionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && transientState(sql.getSQLState())) {
                return true;
            }
            if (t instanceof TransactionSystemException end && endedWithConnectionLost(end)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A commit or rollback that failed: the failure that made the transaction roll back passes, or the rollback itself
     * failed with an error PostgreSQL did not classify (the pool had already closed the broken connection).
     */
    private static boolean endedWithConnectionLost(TransactionSystemException end) {
        Throwable cause = end.getApplicationException();
        if (cause != null && isTransient(cause)) {
            return true;
        }
        return end.getCause() instanceof SQLException sql && sql.getSQLState() == null;
    }

    /** Whether {@code failure} is a deadlock or a serialization failure: the transaction may simply run again. */
    public static boolean isRetryable(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < CAUSES_MAX; t = t.getCause(), depth++) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && RETRYABLE_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code failure} is a write refused because the member it names does not exist: a foreign key
     * {@code (program_id, member_id)} to {@code members} (PostgreSQL names each {@code <table>_program_id_member_id_fkey}).
     * A write that creates what it needs (the ledger's account on first use) checks the member this way, in the same
     * statement, instead of asking first.
     */
    public static boolean isMissingMember(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < CAUSES_MAX; t = t.getCause(), depth++) {
            if (t instanceof PSQLException sql && FOREIGN_KEY_VIOLATION.equals(sql.getSQLState()) && sql.getServerErrorMessage() != null
                    && sql.getServerErrorMessage().getConstraint() != null
                    && sql.getServerErrorMessage().getConstraint().endsWith(MEMBER_REFERENCE_SUFFIX)) {
                return true;
            }
        }
        return false;
    }

    private static boolean transientState(String state) {
        return state != null && (state.startsWith(CONNECTION_EXCEPTION_CLASS) || TRANSIENT_STATES.contains(state));
    }
}
