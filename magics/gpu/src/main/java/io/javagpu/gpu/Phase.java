package io.javagpu.gpu;

/**
 * One timed phase of a run: times in ms over the repetitions, the work it did (bytes for transfers, flops for
 * GEMM), the unit its rate is given in (null when it has none) and, where known, the device's peak in that unit.
 */
public record Phase(MatmulPhase kind, Stats ms, double work, RateUnit unit, Peak peak) {

    public static Phase transfer(MatmulPhase kind, Stats ms, long bytes) {
        return new Phase(kind, ms, bytes, RateUnit.GB_PER_S, null);
    }

    /** @param peak the device's peak for this dtype in TFLOPS, or null when unknown */
    public static Phase compute(MatmulPhase kind, Stats ms, double flops, Peak peak) {
        return new Phase(kind, ms, flops, RateUnit.TFLOPS, peak);
    }

    public static Phase plain(MatmulPhase kind, Stats ms) {
        return new Phase(kind, ms, 0, null, null);
    }

    /** The label: "host init", "H2D A", "GEMM", "total" ... */
    public String name() {
        return kind.toString();
    }

    /** Whether this phase is a host-device copy (its rate is in GB/s). */
    public boolean isTransfer() {
        return unit == RateUnit.GB_PER_S;
    }

    /** GB/s (decimal) or TFLOPS at the median time; NaN when the phase has no rate. */
    public double rate() {
        if (unit == null || !(ms.median() > 0)) return Double.NaN;
        return unit.rate(work, ms.median());
    }

    /** Percent of the device peak, NaN when the peak is unknown. */
    public double percentOfPeak() {
        if (peak == null || Double.isNaN(rate())) return Double.NaN;
        return peak.percent(rate());
    }
}
