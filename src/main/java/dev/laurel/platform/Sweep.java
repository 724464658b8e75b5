package dev.laurel.platform;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Background work over due rows. Implementations claim rows with {@code FOR UPDATE SKIP LOCKED}
 * in bounded batches, so any number of nodes may run the same sweep at once.
 */
public interface Sweep {

    /** A stable name, shown in {@code POST /v1/admin/jobs/run} answers and metrics. */
    String name();

    /**
     * Does what is due now, for one program or (empty) for all, and says how much it did.
     * Returns when nothing more is due or its per-run bound is reached.
     */
    SweepReport run(Optional<String> programId);

    /**
     * Runs {@code batch} until it handles fewer than {@code batchSize} rows (nothing more is due) or has
     * run {@code batchesMax} times (the per-run bound); returns the rows handled in all.
     */
    static long inBatches(int batchesMax, int batchSize, LongSupplier batch) {
        long total = 0;
        for (int i = 0; i < batchesMax; i++) {
            long handled = batch.getAsLong();
            total += handled;
            if (handled < batchSize) {
                break;
            }
        }
        return total;
    }
}
