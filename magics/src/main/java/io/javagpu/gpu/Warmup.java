package io.javagpu.gpu;

import java.util.function.LongSupplier;

/**
 * Untimed runs before the timed ones, so that a fresh kernel's first run is not timed while the JIT compiles or the
 * BLAS starts its threads: the requested count and, when any is requested, more until {@link #BUDGET_MS} has passed
 * and the last run took within 20% of the best before it (the times have stopped falling), or {@link #MAX_MS}.
 */
final class Warmup {
    static final long BUDGET_MS = 150;
    static final long MAX_MS = 2000;

    private Warmup() {
    }

    /** Runs {@code work} and returns how many times it ran. */
    static int run(int requested, Checkpoint checkpoint, Runnable work) throws InterruptedException {
        return run(requested, checkpoint, work, System::nanoTime);
    }

    static int run(int requested, Checkpoint checkpoint, Runnable work, LongSupplier nanoTime) throws InterruptedException {
        long start = nanoTime.getAsLong();
        long best = Long.MAX_VALUE;
        boolean settled = false;
        int runs = 0;
        while (runs < requested || (requested > 0 && !done(nanoTime.getAsLong() - start, settled))) {
            checkpoint.check();
            long t = nanoTime.getAsLong();
            work.run();
            long took = nanoTime.getAsLong() - t;
            settled = best != Long.MAX_VALUE && took >= best * 0.8 && took <= best * 1.2;
            best = Math.min(best, took);
            runs++;
        }
        return runs;
    }

    private static boolean done(long elapsedNanos, boolean settled) {
        return elapsedNanos >= MAX_MS * 1_000_000 || (settled && elapsedNanos >= BUDGET_MS * 1_000_000);
    }
}
