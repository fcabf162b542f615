package io.javagpu.magics.builtin;

import java.util.Locale;

/** Durations in the unit that reads best: ns, µs, ms or s, with three significant digits. */
public final class TimeFormat {
    private TimeFormat() {
    }

    public static String format(double nanos) {
        if (Double.isNaN(nanos)) return "NaN";
        double magnitude = Math.abs(nanos);
        if (magnitude < 1e3) return digits(nanos) + " ns";
        if (magnitude < 1e6) return digits(nanos / 1e3) + " µs";
        if (magnitude < 1e9) return digits(nanos / 1e6) + " ms";
        return digits(nanos / 1e9) + " s";
    }

    private static String digits(double value) {
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }
}
