package io.javagpu.gpu;

/** The unit a phase's rate is given in; {@link #toString()} is the label tables and JSON show. */
public enum RateUnit {
    /** Decimal gigabytes per second. */
    GB_PER_S("GB/s", 1e9),
    /** 10^12 floating-point operations per second. */
    TFLOPS("TFLOPS", 1e12);

    private final String label;
    private final double perUnit;

    RateUnit(String label, double perUnit) {
        this.label = label;
        this.perUnit = perUnit;
    }

    /** {@code work} (bytes or flops) done in {@code ms} milliseconds, in this unit. */
    public double rate(double work, double ms) {
        return work / (ms / 1e3) / perUnit;
    }

    @Override
    public String toString() {
        return label;
    }
}
