package io.javagpu.gpu;

/**
 * Untimed runs before the timed ones: the requested count and, when any is requested, more until {@link #BUDGET_MS}
 * has passed, so that a fresh kernel's first run is not timed while the JIT compiles or the BLAS starts its threads.
 */
final class Warmup {
    static final long BUDGET_MS = 150;

    private Warmup() {
    }

    /** Runs {@code work} and returns how many times it ran. */
    static int run(int requested, Checkpoint checkpoint, Runnable work) throws InterruptedException {
        long end = System.nanoTime() + BUDGET_MS * 1_000_000;
        int runs = 0;
        while (runs < requested || (requested > 0 && System.nanoTime() < end)) {
            checkpoint.check();
            work.run();
            runs++;
        }
        return runs;
    }
}
