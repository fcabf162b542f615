package io.javagpu.gpu;

/**
 * A theoretical peak rate and where it comes from, so a "% of peak" can say what it is a percentage of.
 *
 * @param value the peak, in the unit of the rate it is compared with (TFLOPS, GB/s)
 * @param basis e.g. "NVIDIA data sheet, H100 SXM, dense" or "computed from clocks: 132 SMs x 128 FP32 lanes x 2 x 1980 MHz"
 */
public record Peak(double value, String basis) {
    public Peak {
        if (!(value > 0)) throw new IllegalArgumentException("a peak must be positive, not " + value);
    }

    /** {@code rate} as a percentage of this peak. */
    public double percent(double rate) {
        return 100 * rate / value;
    }
}
