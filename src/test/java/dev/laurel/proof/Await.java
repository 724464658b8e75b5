package dev.laurel.proof;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A bounded wait for something the proof tests cannot make happen at once (a process starting, a
 * sweep on another node, a PostgreSQL coming back): polls a condition until it holds or the time is up.
 * Never a fixed sleep: the wait ends as soon as the condition holds.
 */
public final class Await {

    /** How long to park between two polls. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(25);

    private Await() {}

    /** Waits until {@code condition} holds; fails naming {@code what} when {@code timeout} passes first. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        if (!within(timeout, condition)) {
            throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + ", in vain");
        }
    }

    /** As {@link #until}, the failure message computed when it fails (e.g. with the last state seen). */
    public static void until(Supplier<String> what, Duration timeout, BooleanSupplier condition) {
        if (!within(timeout, condition)) {
            throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what.get() + ", in vain");
        }
    }

    /** Polls {@code condition} until it holds (true) or {@code timeout} passes (false). */
    public static boolean within(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
            if (Thread.currentThread().isInterrupted()) {
                throw new AssertionError("interrupted while waiting");
            }
        }
    }
}
