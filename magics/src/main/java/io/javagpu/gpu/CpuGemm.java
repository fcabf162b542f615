package io.javagpu.gpu;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Multi-threaded, cache-blocked GEMM in plain Java: C = A * B with row-major A (M x K), B (K x N), C (M x N).
 * Rows of C are split among threads; each thread walks K and N in blocks that stay in cache and updates four rows
 * of C from four rows of B per pass, an inner loop the JIT vectorises.
 */
public final class CpuGemm {
    private static final int ROW_BLOCK = 32;
    private static final int K_BLOCK = 256;
    private static final int N_BLOCK = 1024;

    private CpuGemm() {
    }

    public static int threads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private static ForkJoinPool pool() {
        return ForkJoinPool.commonPool();
    }

    public static void sgemm(int m, int n, int k, float[] a, float[] b, float[] c) {
        check(m, n, k, a.length, b.length, c.length);
        java.util.Arrays.fill(c, 0, m * n, 0f);
        int blocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
        run(blocks, block -> sgemmRows(block * ROW_BLOCK, Math.min(m, (block + 1) * ROW_BLOCK), n, k, a, b, c));
    }

    public static void dgemm(int m, int n, int k, double[] a, double[] b, double[] c) {
        check(m, n, k, a.length, b.length, c.length);
        java.util.Arrays.fill(c, 0, m * n, 0d);
        int blocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
        run(blocks, block -> dgemmRows(block * ROW_BLOCK, Math.min(m, (block + 1) * ROW_BLOCK), n, k, a, b, c));
    }

    private static void run(int blocks, java.util.function.IntConsumer body) {
        if (blocks == 1 || threads() == 1) {
            for (int i = 0; i < blocks; i++) body.accept(i);
            return;
        }
        try {
            pool().submit(() -> IntStream.range(0, blocks).parallel().forEach(body)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        }
    }

    private static void check(int m, int n, int k, int la, int lb, int lc) {
        if ((long) m * k > la || (long) k * n > lb || (long) m * n > lc) {
            throw new IllegalArgumentException("arrays too small for " + m + "x" + n + "x" + k);
        }
    }

    private static void sgemmRows(int i0, int i1, int n, int k, float[] a, float[] b, float[] c) {
        for (int kk = 0; kk < k; kk += K_BLOCK) {
            int kEnd = Math.min(k, kk + K_BLOCK);
            for (int jj = 0; jj < n; jj += N_BLOCK) {
                int jEnd = Math.min(n, jj + N_BLOCK);
                int i = i0;
                for (; i + 3 < i1; i += 4) {
                    int c0 = i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
                    int r0 = i * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
                    int p = kk;
                    for (; p + 3 < kEnd; p += 4) {
                        // 4 rows of C x 4 steps of K per pass: each C element is loaded and stored once per 4 steps
                        float a00 = a[r0 + p], a01 = a[r0 + p + 1], a02 = a[r0 + p + 2], a03 = a[r0 + p + 3];
                        float a10 = a[r1 + p], a11 = a[r1 + p + 1], a12 = a[r1 + p + 2], a13 = a[r1 + p + 3];
                        float a20 = a[r2 + p], a21 = a[r2 + p + 1], a22 = a[r2 + p + 2], a23 = a[r2 + p + 3];
                        float a30 = a[r3 + p], a31 = a[r3 + p + 1], a32 = a[r3 + p + 2], a33 = a[r3 + p + 3];
                        int b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
                        for (int j = jj; j < jEnd; j++) {
                            float x0 = b[b0 + j], x1 = b[b1 + j], x2 = b[b2 + j], x3 = b[b3 + j];
                            c[c0 + j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
                            c[c1 + j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
                            c[c2 + j] += a20 * x0 + a21 * x1 + a22 * x2 + a23 * x3;
                            c[c3 + j] += a30 * x0 + a31 * x1 + a32 * x2 + a33 * x3;
                        }
                    }
                    for (; p < kEnd; p++) {
                        float a0 = a[r0 + p], a1 = a[r1 + p], a2 = a[r2 + p], a3 = a[r3 + p];
                        int bRow = p * n;
                        for (int j = jj; j < jEnd; j++) {
                            float bv = b[bRow + j];
                            c[c0 + j] += a0 * bv;
                            c[c1 + j] += a1 * bv;
                            c[c2 + j] += a2 * bv;
                            c[c3 + j] += a3 * bv;
                        }
                    }
                }
                for (; i < i1; i++) {
                    int c0 = i * n;
                    for (int p = kk; p < kEnd; p++) {
                        float a0 = a[i * k + p];
                        int bRow = p * n;
                        for (int j = jj; j < jEnd; j++) c[c0 + j] += a0 * b[bRow + j];
                    }
                }
            }
        }
    }

    private static void dgemmRows(int i0, int i1, int n, int k, double[] a, double[] b, double[] c) {
        for (int kk = 0; kk < k; kk += K_BLOCK) {
            int kEnd = Math.min(k, kk + K_BLOCK);
            for (int jj = 0; jj < n; jj += N_BLOCK / 2) {
                int jEnd = Math.min(n, jj + N_BLOCK / 2);
                int i = i0;
                for (; i + 3 < i1; i += 4) {
                    int c0 = i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
                    int r0 = i * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
                    int p = kk;
                    for (; p + 3 < kEnd; p += 4) {
                        // 4 rows of C x 4 steps of K per pass: each C element is loaded and stored once per 4 steps
                        double a00 = a[r0 + p], a01 = a[r0 + p + 1], a02 = a[r0 + p + 2], a03 = a[r0 + p + 3];
                        double a10 = a[r1 + p], a11 = a[r1 + p + 1], a12 = a[r1 + p + 2], a13 = a[r1 + p + 3];
                        double a20 = a[r2 + p], a21 = a[r2 + p + 1], a22 = a[r2 + p + 2], a23 = a[r2 + p + 3];
                        double a30 = a[r3 + p], a31 = a[r3 + p + 1], a32 = a[r3 + p + 2], a33 = a[r3 + p + 3];
                        int b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
                        for (int j = jj; j < jEnd; j++) {
                            double x0 = b[b0 + j], x1 = b[b1 + j], x2 = b[b2 + j], x3 = b[b3 + j];
                            c[c0 + j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
                            c[c1 + j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
                            c[c2 + j] += a20 * x0 + a21 * x1 + a22 * x2 + a23 * x3;
                            c[c3 + j] += a30 * x0 + a31 * x1 + a32 * x2 + a33 * x3;
                        }
                    }
                    for (; p < kEnd; p++) {
                        double a0 = a[r0 + p], a1 = a[r1 + p], a2 = a[r2 + p], a3 = a[r3 + p];
                        int bRow = p * n;
                        for (int j = jj; j < jEnd; j++) {
                            double bv = b[bRow + j];
                            c[c0 + j] += a0 * bv;
                            c[c1 + j] += a1 * bv;
                            c[c2 + j] += a2 * bv;
                            c[c3 + j] += a3 * bv;
                        }
                    }
                }
                for (; i < i1; i++) {
                    int c0 = i * n;
                    for (int p = kk; p < kEnd; p++) {
                        double a0 = a[i * k + p];
                        int bRow = p * n;
                        for (int j = jj; j < jEnd; j++) c[c0 + j] += a0 * b[bRow + j];
                    }
                }
            }
        }
    }
}
