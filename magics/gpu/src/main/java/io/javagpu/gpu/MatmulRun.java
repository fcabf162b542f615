package io.javagpu.gpu;

import java.util.List;

/**
 * One size on one device: the phases, the verification and notes (e.g. how f16 was emulated on the CPU);
 * {@code cpuLibrary} names what computed a CPU run ("OpenBLAS 0.3.21 (pthreads), 2 threads"), null on the GPU.
 */
public record MatmulRun(MatmulShape shape, Dtype dtype, String device, boolean gpu, List<Phase> phases,
                        Verification verification, List<String> notes, String cpuLibrary) {

    public Phase phase(MatmulPhase kind) {
        for (Phase p : phases) if (p.kind() == kind) return p;
        throw new IllegalArgumentException("no phase '" + kind + "' (have " + phases.stream().map(Phase::name).toList() + ")");
    }

    /** Median GEMM time in ms. */
    public double gemmMs() {
        return phase(MatmulPhase.GEMM).ms().median();
    }

    /** Median time of the whole trip (transfers and GEMM) in ms. */
    public double totalMs() {
        return phase(MatmulPhase.TOTAL).ms().median();
    }

    /** GEMM TFLOPS at the median time. */
    public double tflops() {
        return phase(MatmulPhase.GEMM).rate();
    }

    public double gflops() {
        return tflops() * 1e3;
    }

    public boolean verified() {
        return verification != null && verification.passed();
    }
}
