package io.javagpu.gpu;

import java.util.Arrays;

/** Median, min, max and sample standard deviation of repeated timings (ms). */
public record Stats(double median, double min, double max, double stdev, int count) {
    public static Stats of(double[] samples) {
        if (samples.length == 0) return new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double mean = 0;
        for (double s : sorted) mean += s;
        mean /= n;
        double var = 0;
        for (double s : sorted) var += (s - mean) * (s - mean);
        double stdev = n > 1 ? Math.sqrt(var / (n - 1)) : 0;
        return new Stats(median, sorted[0], sorted[n - 1], stdev, n);
    }
}
