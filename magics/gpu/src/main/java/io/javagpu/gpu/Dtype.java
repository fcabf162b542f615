package io.javagpu.gpu;

import java.util.Locale;

/** Element types of %gpu matmul: how they are stored, computed and how closely a result must match. */
public enum Dtype {
    F32("f32", 4, 4, 1e-4, "FP32"),
    F64("f64", 8, 8, 1e-10, "FP64"),
    TF32("tf32", 4, 4, 5e-3, "TF32 tensor cores (inputs rounded to 10-bit mantissa, f32 accumulate)"),
    F16("f16", 2, 4, 1e-2, "FP16 inputs, f32 accumulate and output"),
    BF16("bf16", 2, 4, 2e-2, "BF16 inputs, f32 accumulate and output");

    private final String label;
    private final int inputBytes;
    private final int outputBytes;
    private final double tolerance;
    private final String description;

    Dtype(String label, int inputBytes, int outputBytes, double tolerance, String description) {
        this.label = label;
        this.inputBytes = inputBytes;
        this.outputBytes = outputBytes;
        this.tolerance = tolerance;
        this.description = description;
    }

    public String label() {
        return label;
    }

    /** Bytes per element of A and B as they travel to the device. */
    public int inputBytes() {
        return inputBytes;
    }

    /** Bytes per element of C. */
    public int outputBytes() {
        return outputBytes;
    }

    /** Largest accepted normalised error |c - ref| / sum|a*b| for this type. */
    public double tolerance() {
        return tolerance;
    }

    public String description() {
        return description;
    }

    /** Whether the CPU backend computes in f32 with inputs rounded to this type (rather than natively). */
    public boolean emulatedOnCpu() {
        return this == TF32 || this == F16 || this == BF16;
    }

    public static Dtype parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "f32": case "float": case "float32": case "fp32": return F32;
            case "f64": case "double": case "float64": case "fp64": return F64;
            case "tf32": return TF32;
            case "f16": case "half": case "float16": case "fp16": return F16;
            case "bf16": case "bfloat16": return BF16;
            default:
                throw new IllegalArgumentException("unknown dtype '" + text + "': use f32, f64, tf32, f16 or bf16");
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
