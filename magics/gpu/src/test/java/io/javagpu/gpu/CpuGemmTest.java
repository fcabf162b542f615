package io.javagpu.gpu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class CpuGemmTest {
    private static double[] naive(int m, int n, int k, double[] a, double[] b) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
                c[i * n + j] = s;
            }
        return c;
    }

    private static double[] random(int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = r.nextDouble() * 2 - 1;
        return x;
    }

    @ParameterizedTest
    @ValueSource(strings = {"1x1x1", "7x5x3", "4x4x4", "33x65x17", "130x1030x260", "5x2049x300", "67x3x513"})
    void f64MatchesNaive(String s) {
        MatmulShape shape = MatmulShape.parse(s);
        double[] a = random(shape.m() * shape.k(), 1), b = random(shape.k() * shape.n(), 2);
        double[] c = new double[shape.m() * shape.n()];
        CpuGemm.dgemm(shape.m(), shape.n(), shape.k(), a, b, c);
        double[] ref = naive(shape.m(), shape.n(), shape.k(), a, b);
        for (int i = 0; i < c.length; i++) assertEquals(ref[i], c[i], 1e-11, "element " + i);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1x1x1", "7x5x3", "33x65x17", "130x1030x260", "5x2049x300"})
    void f32MatchesNaive(String s) {
        MatmulShape shape = MatmulShape.parse(s);
        double[] ad = random(shape.m() * shape.k(), 3), bd = random(shape.k() * shape.n(), 4);
        float[] a = new float[ad.length], b = new float[bd.length];
        for (int i = 0; i < a.length; i++) ad[i] = a[i] = (float) ad[i];
        for (int i = 0; i < b.length; i++) bd[i] = b[i] = (float) bd[i];
        float[] c = new float[shape.m() * shape.n()];
        CpuGemm.sgemm(shape.m(), shape.n(), shape.k(), a, b, c);
        double[] ref = naive(shape.m(), shape.n(), shape.k(), ad, bd);
        for (int i = 0; i < c.length; i++) assertEquals(ref[i], c[i], 1e-5 * shape.k(), "element " + i);
    }

    @ParameterizedTest
    @EnumSource(Dtype.class)
    void cpuBackendVerifiesEveryDtype(Dtype d) throws Exception {
        MatmulRun run = new CpuBackend().matmul(MatmulShape.parse("48x80x96"), d, 1, 2, Checkpoint.NONE);
        assertFalse(run.gpu());
        assertTrue(run.device().startsWith("cpu"));
        assertTrue(run.verified(), run.verification().summary());
        assertEquals(2, run.phase(MatmulPhase.GEMM).ms().count());
        assertTrue(run.gflops() > 0);
        if (d.emulatedOnCpu()) assertTrue(run.notes().get(0).contains("CPU emulation of " + d), run.notes().toString());
    }

    @Test
    void rejectsShortArrays() {
        assertThrows(IllegalArgumentException.class, () -> CpuGemm.sgemm(2, 2, 2, new float[3], new float[4], new float[4]));
    }
}
