package dev.laurel.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a write in a transaction and, when PostgreSQL gives the transaction up on a deadlock or a serialization failure
 * ({@link DatabaseFailures#isRetryable}), runs it again at once: at most {@link #ATTEMPTS_MAX} times in all. No pause
 * is needed: the transaction that won still holds its locks, so the new attempt queues behind it in PostgreSQL's lock
 * queue and goes on when it commits. Only the transaction's owner can run it again: called inside a transaction that
 * is already open, the work joins it once, and the failure goes to whoever opened it.
 */
@Component
public class Transactions {

    private static final Logger log = LoggerFactory.getLogger(Transactions.class);

    public static final int ATTEMPTS_MAX = 3;

    private final TransactionTemplate tx;

    Transactions(TransactionTemplate tx) {
        this.tx = tx;
    }

    public <T> T write(TransactionCallback<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return tx.execute(work);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(work);
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS_MAX || !DatabaseFailures.isRetryable(e)) {
                    throw e;
                }
                log.warn("transaction given up by PostgreSQL (attempt {} of {}), running it again: {}", attempt, ATTEMPTS_MAX, e.toString());
            }
        }
    }
}
