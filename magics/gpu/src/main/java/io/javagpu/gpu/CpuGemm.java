package io.javagpu.gpu;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Multi-threaded, cache-blocked GEMM in plain Java: C = A * B with row-major A (M x K), B (K x N), C (M x N).
 * <p>
 * B is first copied into one array per row, and each thread accumulates a block of C rows in arrays of its own, so
 * the inner loop {@code c[j] += a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]} indexes every array with the same {@code j}:
 * that is the form HotSpot's C2 auto-vectorises (with offsets into one shared flat array it cannot prove the arrays
 * apart and stays scalar, about 3x slower). K and N are walked in blocks that stay in cache.
 */
public final class CpuGemm {
    private static final int ROW_BLOCK = 32;
    private static final int K_BLOCK = 128;
    private static final int N_BLOCK = 512;

    private CpuGemm() {
    }

    public static int threads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Extra heap the GEMM needs besides A, B and C: the row copy of B (plus small per-thread row blocks). */
    public static long workspaceBytes(int n, int k, int elementBytes) {
        return ((long) k * n + (long) threads() * ROW_BLOCK * n) * elementBytes;
    }

    public static void sgemm(int m, int n, int k, float[] a, float[] b, float[] c) {
        check(m, n, k, a.length, b.length, c.length);
        float[][] rowsB = new float[k][];
        for (int p = 0; p < k; p++) {
            rowsB[p] = new float[n];
            System.arraycopy(b, p * n, rowsB[p], 0, n);
        }
        int blocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
        run(blocks, block -> {
            int i0 = block * ROW_BLOCK, i1 = Math.min(m, i0 + ROW_BLOCK);
            float[][] acc = new float[i1 - i0][n];
            sgemmRows(i0, i1, n, k, a, rowsB, acc);
            for (int i = i0; i < i1; i++) System.arraycopy(acc[i - i0], 0, c, i * n, n);
        });
    }

    public static void dgemm(int m, int n, int k, double[] a, double[] b, double[] c) {
        check(m, n, k, a.length, b.length, c.length);
        double[][] rowsB = new double[k][];
        for (int p = 0; p < k; p++) {
            rowsB[p] = new double[n];
            System.arraycopy(b, p * n, rowsB[p], 0, n);
        }
        int blocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
        run(blocks, block -> {
            int i0 = block * ROW_BLOCK, i1 = Math.min(m, i0 + ROW_BLOCK);
            double[][] acc = new double[i1 - i0][n];
            dgemmRows(i0, i1, n, k, a, rowsB, acc);
            for (int i = i0; i < i1; i++) System.arraycopy(acc[i - i0], 0, c, i * n, n);
        });
    }

    private static void run(int blocks, java.util.function.IntConsumer body) {
        if (blocks == 1 || threads() == 1) {
            for (int i = 0; i < blocks; i++) body.accept(i);
            return;
        }
        try {
            ForkJoinPool.commonPool().submit(() -> IntStream.range(0, blocks).parallel().forEach(body)).get();
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

    private static void sgemmRows(int i0, int i1, int n, int k, float[] a, float[][] b, float[][] acc) {
        for (int kk = 0; kk < k; kk += K_BLOCK) {
            int kEnd = Math.min(k, kk + K_BLOCK);
            for (int jj = 0; jj < n; jj += N_BLOCK) {
                int jEnd = Math.min(n, jj + N_BLOCK);
                for (int i = i0; i < i1; i++) {
                    float[] c = acc[i - i0];
                    int row = i * k;
                    int p = kk;
                    for (; p + 3 < kEnd; p += 4) {
                        float a0 = a[row + p], a1 = a[row + p + 1], a2 = a[row + p + 2], a3 = a[row + p + 3];
                        float[] b0 = b[p], b1 = b[p + 1], b2 = b[p + 2], b3 = b[p + 3];
                        for (int j = jj; j < jEnd; j++) c[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
                    }
                    for (; p < kEnd; p++) {
                        float a0 = a[row + p];
                        float[] b0 = b[p];
                        for (int j = jj; j < jEnd; j++) c[j] += a0 * b0[j];
                    }
                }
            }
        }
    }

    private static void dgemmRows(int i0, int i1, int n, int k, double[] a, double[][] b, double[][] acc) {
        for (int kk = 0; kk < k; kk += K_BLOCK) {
            int kEnd = Math.min(k, kk + K_BLOCK);
            for (int jj = 0; jj < n; jj += N_BLOCK / 2) {
                int jEnd = Math.min(n, jj + N_BLOCK / 2);
                for (int i = i0; i < i1; i++) {
                    double[] c = acc[i - i0];
                    int row = i * k;
                    int p = kk;
                    for (; p + 3 < kEnd; p += 4) {
                        double a0 = a[row + p], a1 = a[row + p + 1], a2 = a[row + p + 2], a3 = a[row + p + 3];
                        double[] b0 = b[p], b1 = b[p + 1], b2 = b[p + 2], b3 = b[p + 3];
                        for (int j = jj; j < jEnd; j++) c[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
                    }
                    for (; p < kEnd; p++) {
                        double a0 = a[row + p];
                        double[] b0 = b[p];
                        for (int j = jj; j < jEnd; j++) c[j] += a0 * b0[j];
                    }
                }
            }
        }
    }
}
