package io.javagpu.gpu;

/**
 * How many operations go between one pair of CUDA events, so that the interval is long enough to measure and the
 * launch gap is spread over many launches (as cuBLAS's and CUTLASS's profilers do). Pure functions.
 */
public final class TimingPlan {
    /** An interval of at least this long is measured well by events (resolution about half a microsecond). */
    public static final double TARGET_MS = 20;
    public static final int MAX_GEMMS = 1000;
    public static final int MAX_COPIES = 1000;

    private TimingPlan() {
    }

    /** GEMMs per timed interval, from the time of one launch measured after warm-up. */
    public static int gemmRepeats(double oneGemmMs) {
        if (!(oneGemmMs > 0)) return MAX_GEMMS;
        return (int) Math.max(1, Math.min(MAX_GEMMS, Math.ceil(TARGET_MS / oneGemmMs)));
    }

    /** Copies per timed batch: about 64 MiB moved per batch, at least one, at most {@link #MAX_COPIES}. */
    public static int copiesPerBatch(long bytes) {
        if (bytes <= 0) return MAX_COPIES;
        return (int) Math.max(1, Math.min(MAX_COPIES, (64L << 20) / bytes));
    }
}
