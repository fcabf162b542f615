package io.javagpu.magics.builtin;

import io.javagpu.display.Durations;

import java.util.Arrays;

/**
 * What %timeit -o measured: {@code runs} repetitions of {@code loops} calls each. All times are nanoseconds
 * per call (one loop), as doubles.
 */
public final class TimeitResult {
    private final long loops;
    private final double[] perLoopNanos;

    public TimeitResult(long loops, double[] perLoopNanos) {
        if (perLoopNanos.length == 0) throw new IllegalArgumentException("no runs");
        this.loops = loops;
        this.perLoopNanos = perLoopNanos.clone();
    }

    /** Calls per run. */
    public long loops() {
        return loops;
    }

    public int runs() {
        return perLoopNanos.length;
    }

    /** Each run's time per call, in run order. */
    public double[] timings() {
        return perLoopNanos.clone();
    }

    public double best() {
        return Arrays.stream(perLoopNanos).min().orElseThrow();
    }

    public double worst() {
        return Arrays.stream(perLoopNanos).max().orElseThrow();
    }

    public double mean() {
        return Arrays.stream(perLoopNanos).average().orElseThrow();
    }

    /** Population standard deviation of the runs (as IPython reports it). */
    public double stdev() {
        double mean = mean();
        double sumOfSquares = 0;
        for (double t : perLoopNanos) sumOfSquares += (t - mean) * (t - mean);
        return Math.sqrt(sumOfSquares / perLoopNanos.length);
    }

    /** e.g. {@code 1.23 µs ± 45.6 ns per loop (mean ± std. dev. of 7 runs, 100000 loops each)} */
    @Override
    public String toString() {
        return Durations.format(mean()) + " ± " + Durations.format(stdev()) + " per loop (mean ± std. dev. of "
                + runs() + (runs() == 1 ? " run, " : " runs, ") + loops + (loops == 1 ? " loop each)" : " loops each)");
    }
}
