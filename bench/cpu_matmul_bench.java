// Java side of bench/cpu_matmul_bench.sh: GFLOP/s of io.javagpu.gpu.CpuGemm (the %gpu CPU backend).
// Run: java -cp magics/target/classes bench/cpu_matmul_bench.java SIZE...   (prints "java f32 N gflops" lines)
import io.javagpu.gpu.CpuGemm;

import java.util.Arrays;
import java.util.SplittableRandom;

public class cpu_matmul_bench {
    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[]{256, 512, 1024, 2048} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        warmUpJit();
        for (int n : sizes) {
            int reps = n <= 512 ? 10 : n <= 1024 ? 5 : 3;
            SplittableRandom r = new SplittableRandom(1);
            float[] af = new float[n * n], bf = new float[n * n], cf = new float[n * n];
            double[] ad = new double[n * n], bd = new double[n * n], cd = new double[n * n];
            for (int i = 0; i < n * n; i++) {
                ad[i] = af[i] = (float) (r.nextDouble() * 2 - 1);
                bd[i] = bf[i] = (float) (r.nextDouble() * 2 - 1);
            }
            double[] t32 = new double[reps], t64 = new double[reps];
            for (int w = 0; w < 2; w++) {
                CpuGemm.sgemm(n, n, n, af, bf, cf);
                CpuGemm.dgemm(n, n, n, ad, bd, cd);
            }
            for (int i = 0; i < reps; i++) {
                long t = System.nanoTime();
                CpuGemm.sgemm(n, n, n, af, bf, cf);
                t32[i] = (System.nanoTime() - t) / 1e9;
                t = System.nanoTime();
                CpuGemm.dgemm(n, n, n, ad, bd, cd);
                t64[i] = (System.nanoTime() - t) / 1e9;
            }
            double flops = 2.0 * n * n * n;
            System.out.printf(java.util.Locale.ROOT, "java f32 %d %.2f%n", n, flops / median(t32) / 1e9);
            System.out.printf(java.util.Locale.ROOT, "java f64 %d %.2f%n", n, flops / median(t64) / 1e9);
        }
    }

    /** Gets the GEMM loops compiled by C2 before the first size is timed. */
    private static void warmUpJit() {
        int n = 384;
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        double[] ad = new double[n * n], bd = new double[n * n], cd = new double[n * n];
        long end = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < end) {
            CpuGemm.sgemm(n, n, n, a, b, c);
            CpuGemm.dgemm(n, n, n, ad, bd, cd);
        }
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
