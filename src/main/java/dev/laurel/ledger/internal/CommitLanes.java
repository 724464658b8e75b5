package dev.laurel.ledger.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Group commit's queue: one lane per key (a program's member), and at most one thread committing in a lane at a time.
 * A thread that finds its lane free commits its own item at once (an uncontended write never waits); one that finds a
 * commit in flight queues, and when that commit ends the first thread queued takes what is queued, up to
 * {@link #BATCH_ITEMS_MAX}, and commits it as one batch. Every thread commits at most one batch (its own item's), so
 * no request carries others' work for longer than one commit. A lane holds at most one item per waiting thread.
 */
public final class CommitLanes<K, I> {

    /** The most items one commit takes: a bound on a batch's lock time and on its statements' sizes. */
    public static final int BATCH_ITEMS_MAX = 64;

    private final ConcurrentHashMap<K, ArrayDeque<Waiting<I>>> lanes = new ConcurrentHashMap<>();

    /** An item and its thread's turn: the batch it commits, or none once another thread has committed the item. */
    private record Waiting<I>(I item, CompletableFuture<Optional<Batch<?, I>>> turn) {}

    /** The items one thread commits together, its own first. */
    public static final class Batch<K, I> {
        private final K key;
        private final List<Waiting<I>> waiting;

        private Batch(K key, List<Waiting<I>> waiting) {
            this.key = key;
            this.waiting = waiting;
        }

        public List<I> items() {
            return waiting.stream().map(Waiting::item).toList();
        }
    }

    /**
     * Enters {@code item} in the lane of {@code key} and waits for its turn: the batch this thread commits (and then
     * {@link #leave}s), or empty once another thread's commit has set the item's outcome.
     */
    @SuppressWarnings("unchecked")
    public Optional<Batch<K, I>> enter(K key, I item) {
        Waiting<I> waiting = new Waiting<>(item, new CompletableFuture<>());
        boolean[] free = {false};
        lanes.compute(key, (k, queue) -> {
            if (queue == null) {
                free[0] = true;
                return new ArrayDeque<>();
            }
            queue.add(waiting);
            return queue;
        });
        if (free[0]) {
            return Optional.of(new Batch<>(key, List.of(waiting)));
        }
        return waiting.turn().join().map(b -> (Batch<K, I>) b);
    }

    /** How many items wait in the lane of {@code key} for a commit in flight to end. */
    public int waiting(K key) {
        int[] size = {0};
        lanes.computeIfPresent(key, (k, queue) -> {
            size[0] = queue.size();
            return queue;
        });
        return size[0];
    }

    /**
     * Ends a batch's commit: the first of the items queued meanwhile takes up to {@link #BATCH_ITEMS_MAX} of them to
     * commit (or the lane closes when none are), then the batch's other threads go on with their items' outcomes.
     */
    public void leave(Batch<K, I> batch) {
        List<Waiting<I>> next = new ArrayList<>();
        lanes.compute(batch.key, (k, queue) -> {
            if (queue == null) {
                throw new IllegalStateException("a batch left lane " + k + ", which no one was in");
            }
            if (queue.isEmpty()) {
                return null;
            }
            while (!queue.isEmpty() && next.size() < BATCH_ITEMS_MAX) {
                next.add(queue.poll());
            }
            return queue;
        });
        if (!next.isEmpty()) {
            next.get(0).turn().complete(Optional.of(new Batch<>(batch.key, next)));
        }
        for (Waiting<I> w : batch.waiting.subList(1, batch.waiting.size())) {
            w.turn().complete(Optional.empty());
        }
    }
}
