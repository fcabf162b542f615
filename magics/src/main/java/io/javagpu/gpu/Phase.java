package io.javagpu.gpu;

/**
 * One timed phase of a run: times in ms over the repetitions, the work it did (bytes for transfers, flops for
 * GEMM) and, where known, the peak rate of the device in the same unit.
 */
public record Phase(String name, Stats ms, double work, String unit, Double peak) {

    public static Phase transfer(String name, Stats ms, long bytes) {
        return new Phase(name, ms, bytes, "GB/s", null);
    }

    public static Phase compute(String name, Stats ms, double flops, Double peakTflops) {
        return new Phase(name, ms, flops, "TFLOPS", peakTflops);
    }

    public static Phase plain(String name, Stats ms) {
        return new Phase(name, ms, 0, "", null);
    }

    /** GB/s (decimal) or TFLOPS at the median time; NaN when the phase has no rate. */
    public double rate() {
        if (unit.isEmpty() || ms.median() <= 0) return Double.NaN;
        double perSecond = work / (ms.median() / 1e3);
        return unit.equals("GB/s") ? perSecond / 1e9 : perSecond / 1e12;
    }

    /** Percent of the device peak, NaN when unknown. */
    public double percentOfPeak() {
        if (peak == null || peak <= 0 || Double.isNaN(rate())) return Double.NaN;
        return 100 * rate() / peak;
    }
}
