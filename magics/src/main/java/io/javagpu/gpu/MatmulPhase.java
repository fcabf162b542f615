package io.javagpu.gpu;

/** The timed phases of one matmul run; {@link #toString()} is the label tables and JSON show. */
public enum MatmulPhase {
    HOST_INIT("host init"),
    H2D_A("H2D A"),
    H2D_B("H2D B"),
    GEMM("GEMM"),
    D2H_C("D2H C"),
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
