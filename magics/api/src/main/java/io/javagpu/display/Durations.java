package io.javagpu.display;

/** Durations as text: in the unit that reads best (%time, %timeit), or as milliseconds for a column of times. */
public final class Durations {
    private Durations() {
    }

    /** ns, µs, ms or s, whichever reads best, with three significant digits: "1.50 µs", "25.0 ms"; "—" for NaN. */
    public static String format(double nanos) {
        if (!Double.isFinite(nanos)) return Numbers.NO_VALUE;
        double magnitude = Math.abs(nanos);
        if (magnitude < 1e3) return digits(nanos) + " ns";
        if (magnitude < 1e6) return digits(nanos / 1e3) + " µs";
        if (magnitude < 1e9) return digits(nanos / 1e6) + " ms";
        return digits(nanos / 1e9) + " s";
    }

    private static String digits(double value) {
        double magnitude = Math.abs(value);
        return Numbers.fixed(value, magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2);
    }

    /**
     * Milliseconds without the unit, for a column headed "ms": 1 decimal from 100 ms, 3 from 1 ms, 4 below, so small
     * times keep their significant digits; "—" for NaN.
     */
    public static String millis(double ms) {
        if (!Double.isFinite(ms)) return Numbers.NO_VALUE;
        return Numbers.fixed(ms, ms >= 100 ? 1 : ms >= 1 ? 3 : 4);
    }
}
