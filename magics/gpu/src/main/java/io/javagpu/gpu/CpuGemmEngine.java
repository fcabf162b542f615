package io.javagpu.gpu;

/** A CPU GEMM, C = A * B with row-major A (M x K), B (K x N), C (M x N), and the name of what computes it. */
interface CpuGemmEngine {
    /** Library, version, threading and thread count, e.g. "OpenBLAS 0.3.21 (pthreads), 2 threads". */
    String label();

    /** Java heap the GEMM needs besides A, B and C. */
    long workspaceBytes(int m, int n, int k, int elementBytes);

    void sgemm(int m, int n, int k, float[] a, float[] b, float[] c);

    void dgemm(int m, int n, int k, double[] a, double[] b, double[] c);
}
