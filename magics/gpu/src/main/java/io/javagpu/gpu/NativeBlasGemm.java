package io.javagpu.gpu;

import dev.ludovic.netlib.blas.BLAS;

/**
 * GEMM by the system BLAS through netlib's JNI binding. BLAS is column-major: a row-major M x N matrix is the
 * column-major N x M transpose, so C = A B is computed as C^T = B^T A^T on the same arrays, B first, without copies.
 */
final class NativeBlasGemm implements CpuGemmEngine {
    private final BLAS blas;
    private final String label;

    NativeBlasGemm(BLAS blas, String label) {
        this.blas = blas;
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** None: the arrays are passed as they are and the library's buffers live outside the Java heap. */
    @Override
    public long workspaceBytes(int m, int n, int k, int elementBytes) {
        return 0;
    }

    @Override
    public void sgemm(int m, int n, int k, float[] a, float[] b, float[] c) {
        blas.sgemm("N", "N", n, m, k, 1f, b, n, a, k, 0f, c, n);
    }

    @Override
    public void dgemm(int m, int n, int k, double[] a, double[] b, double[] c) {
        blas.dgemm("N", "N", n, m, k, 1.0, b, n, a, k, 0.0, c, n);
    }
}
