package io.javagpu.gpu;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Untimed runs before the timed ones, so that a fresh kernel's first run is not timed while the JIT compiles or the
 * BLAS starts its threads: the requested count and, when any is requested, more until {@link #BUDGET_MS} has passed
 * and the last run was settled, or {@link #MAX_MS}. Settled: it took within 20% of the best before it, and no JIT
 * compilation has ended for {@link #JIT_QUIET_MS}: the Java GEMM runs at a steady C1 speed for a while before C2's
 * code arrives, and in a fresh kernel the compiler threads take the cores a 2-thread BLAS needs.
 */
final class Warmup {
    static final long BUDGET_MS = 150;
    static final long MAX_MS = 2000;
    static final long JIT_QUIET_MS = 50;

    private Warmup() {
    }

    /** Runs {@code work} and returns how many times it ran. */
    static int run(int requested, Checkpoint checkpoint, Runnable work) throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        LongSupplier jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : () -> 0;
        return run(requested, checkpoint, work, System::nanoTime, jitMillis);
    }

    static int run(int requested, Checkpoint checkpoint, Runnable work, LongSupplier nanoTime, LongSupplier jitMillis)
            throws InterruptedException {
        long start = nanoTime.getAsLong();
        long best = Long.MAX_VALUE;
        long jit = jitMillis.getAsLong(), jitChanged = start;
        boolean settled = false;
        int runs = 0;
        while (runs < requested || (requested > 0 && !done(nanoTime.getAsLong() - start, settled))) {
            checkpoint.check();
            long t = nanoTime.getAsLong();
            work.run();
            long end = nanoTime.getAsLong(), took = end - t;
            if (jitMillis.getAsLong() != jit) {
                jit = jitMillis.getAsLong();
                jitChanged = end;
            }
            settled = best != Long.MAX_VALUE && took >= best * 0.8 && took <= best * 1.2 && end - jitChanged >= JIT_QUIET_MS * 1_000_000;
            best = Math.min(best, took);
            runs++;
        }
        return runs;
    }

    private static boolean done(long elapsedNanos, boolean settled) {
        return elapsedNanos >= MAX_MS * 1_000_000 || (settled && elapsedNanos >= BUDGET_MS * 1_000_000);
    }
}
