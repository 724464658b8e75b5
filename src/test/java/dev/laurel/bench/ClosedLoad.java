package dev.laurel.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** A closed-loop load for the benchmarks: {@code clients} threads run operations 0 to n-1 between them, each as soon as the last. */
final class ClosedLoad {

    private ClosedLoad() {}

    /** Runs the operations and answers one line: the rate and the latency percentiles, labelled {@code name} (padded to {@code width}). */
    static String run(String name, int width, int clients, int operations, IntConsumer operation) throws Exception {
        long[] latencies = new long[operations];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < operations; i = next.getAndIncrement()) {
                    long begin = System.nanoTime();
                    operation.accept(i);
                    latencies[i] = System.nanoTime() - begin;
                }
                return null;
            }));
        }
        try {
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long elapsed = System.nanoTime() - start;
        Arrays.sort(latencies);
        return String.format("%-" + width + "s %6d ops in %6.2f s = %7.0f ops/s; latency p50 %6.2f ms, p99 %6.2f ms, max %7.2f ms",
                name, operations, elapsed / 1e9, operations / (elapsed / 1e9), latencies[operations / 2] / 1e6,
                latencies[(int) (operations * 0.99)] / 1e6, latencies[operations - 1] / 1e6);
    }
}
