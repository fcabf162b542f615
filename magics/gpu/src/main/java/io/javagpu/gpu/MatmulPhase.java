package io.javagpu.gpu;

/** The timed phases of one matmul run; {@link #toString()} is the label tables and JSON show. */
public enum MatmulPhase {
    HOST_INIT("host init"),
    /** Copying the Java arrays A and B into the host buffers the device copies from (pinned where possible). */
    STAGE_INPUTS("Java arrays → host buffers A, B"),
    H2D_A("H2D A"),
    H2D_B("H2D B"),
    GEMM("GEMM"),
    D2H_C("D2H C"),
    /** Copying C from its host buffer into a Java array. */
    UNSTAGE_RESULT("host buffer → Java array C"),
    TOTAL("total");

    private final String label;

    MatmulPhase(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
