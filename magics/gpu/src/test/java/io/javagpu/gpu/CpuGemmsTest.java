package io.javagpu.gpu;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import io.javagpu.display.MimeBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

class CpuGemmsTest {
    private static final String DEBIAN_OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so";
    private static final Supplier<NativeBlasLibrary> OPENBLAS = () -> new NativeBlasLibrary("OpenBLAS 0.3.21 (pthreads), 2 threads", false);

    @Test
    void namesOpenBlasFromTheMappedFile() {
        List<String> maps = List.of("/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so",
                "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3", DEBIAN_OPENBLAS);
        assertEquals("OpenBLAS 0.3.21 (pthreads), 2 threads", NativeBlasLibrary.identify(maps, Map.of(), 2).label());
        assertEquals("OpenBLAS 0.3.21 (pthreads), 1 thread, OPENBLAS_CORETYPE=Haswell",
                NativeBlasLibrary.identify(maps, Map.of("OPENBLAS_NUM_THREADS", "1", "OPENBLAS_CORETYPE", "Haswell"), 8).label());
        assertEquals("OpenBLAS 0.3.21 (OpenMP), 4 threads", NativeBlasLibrary.identify(
                List.of("/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblasp-r0.3.21.so"), Map.of("OMP_NUM_THREADS", "4"), 2).label());
        assertEquals("OpenBLAS 0.3.26 (serial), 1 thread",
                NativeBlasLibrary.identify(List.of("/opt/lib/libopenblas_haswell-r0.3.26.so"), Map.of(), 16).label());
        assertFalse(NativeBlasLibrary.identify(maps, Map.of(), 2).reference());
    }

    @Test
    void recognisesTheReferenceBlas() {
        NativeBlasLibrary ref = NativeBlasLibrary.identify(List.of("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0"), Map.of(), 2);
        assertTrue(ref.reference());
        assertTrue(ref.label().startsWith("reference BLAS 3.11.0"), ref.label());
    }

    @Test
    void forcedJavaNeverLoadsTheNativeLibrary() {
        AtomicBoolean loaded = new AtomicBoolean();
        CpuGemmEngine e = CpuGemms.choose("java", () -> {
            loaded.set(true);
            return JavaBLAS.getInstance();
        }, OPENBLAS);
        assertFalse(loaded.get());
        assertEquals("Java (CpuGemm, JAVA_GPU_CPU_BLAS=java), " + CpuGemm.threads() + " threads", e.label());
    }

    @Test
    void fallsBackToJavaAndSaysWhy() {
        assertTrue(CpuGemms.choose(null, () -> null, OPENBLAS).label().contains("no native BLAS found"));
        CpuGemmEngine ref = CpuGemms.choose("auto", JavaBLAS::getInstance,
                () -> new NativeBlasLibrary("reference BLAS 3.11.0 (netlib, unoptimised), 1 thread", true));
        assertInstanceOf(JavaGemm.class, ref);
        assertTrue(ref.label().contains("libblas.so.3 is the reference BLAS 3.11.0 (netlib, unoptimised)"), ref.label());
        CpuGemmEngine nat = CpuGemms.choose("AUTO", JavaBLAS::getInstance, OPENBLAS);
        assertEquals("OpenBLAS 0.3.21 (pthreads), 2 threads", nat.label());
        assertThrows(IllegalArgumentException.class, () -> CpuGemms.choose("mkl", () -> null, OPENBLAS));
    }

    @Test
    void usesDebiansOpenBlasWhereItIsInstalled() {
        boolean installed = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"))
                && System.getenv(CpuGemms.ENV) == null && System.getProperty(CpuGemms.PROPERTY) == null;
        String label = CpuGemms.get().label();
        if (installed) assertTrue(label.startsWith("OpenBLAS 0.3") && label.contains("(pthreads)"), label);
        else assertFalse(label.isEmpty());
    }

    /** The row-major to column-major mapping, on the engine the kernel uses and on the Java one. */
    @ParameterizedTest
    @ValueSource(strings = {"1x1x1", "7x5x3", "33x65x17", "130x260x1030", "5x2049x300"})
    void enginesMatchANaiveProduct(String s) {
        MatmulShape shape = MatmulShape.parse(s);
        int m = shape.m(), n = shape.n(), k = shape.k();
        MatmulInputs f = MatmulInputs.create(shape, Dtype.F32, 5, false, false);
        MatmulInputs d = MatmulInputs.create(shape, Dtype.F64, 6, false, false);
        for (CpuGemmEngine e : List.of(CpuGemms.get(), new JavaGemm("test"))) {
            float[] cf = new float[m * n];
            double[] cd = new double[m * n];
            e.sgemm(m, n, k, f.af, f.bf, cf);
            e.dgemm(m, n, k, d.ad, d.bd, cd);
            for (int i = 0; i < m; i += Math.max(1, m / 7)) {
                for (int j = 0; j < n; j++) {
                    double sf = 0, sd = 0;
                    for (int p = 0; p < k; p++) {
                        sf += (double) f.af[i * k + p] * f.bf[p * n + j];
                        sd += d.ad[i * k + p] * d.bd[p * n + j];
                    }
                    assertEquals(sf, cf[i * n + j], 1e-5 * k, e.label() + " f32 " + i + "," + j);
                    assertEquals(sd, cd[i * n + j], 1e-12 * k, e.label() + " f64 " + i + "," + j);
                }
            }
        }
    }

    @Test
    void everyFormatNamesTheCpuLibrary() throws Exception {
        MatmulRun run = new CpuBackend().matmul(MatmulShape.parse("64"), Dtype.F16, 1, 2, Checkpoint.NONE);
        String label = CpuGemms.get().label();
        assertEquals(label, run.cpuLibrary());
        assertEquals("cpu: " + label, run.device());
        MimeBundle bundle = GpuViews.matmul(run, List.of());
        assertTrue(((String) bundle.data().get("text/plain")).contains("device: cpu: " + label), bundle.data().get("text/plain").toString());
        assertTrue(((String) bundle.data().get("text/html")).contains(io.javagpu.display.Html.escape(label)));
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) bundle.data().get("application/json");
        assertEquals("cpu: " + label, json.get("device"));
        assertEquals(label, json.get("cpuLibrary"));
        assertTrue(run.notes().get(0).contains("rounded to f16 as the GPU gets them") && run.notes().get(0).contains(label), run.notes().toString());
        assertTrue(run.notes().stream().anyMatch(x -> x.startsWith("warm-up: ")), run.notes().toString());
    }

    @Test
    void warmupRunsAtLeastTheRequestedCountAndNoneWhenZero() throws Exception {
        int[] calls = {0};
        assertEquals(0, Warmup.run(0, Checkpoint.NONE, () -> calls[0]++));
        assertEquals(0, calls[0]);
        int runs = Warmup.run(3, Checkpoint.NONE, () -> calls[0]++);
        assertTrue(runs >= 3 && runs == calls[0], "runs " + runs);
        assertThrows(InterruptedException.class, () -> Warmup.run(1, () -> {
            throw new InterruptedException();
        }, () -> { }));
    }

    /** A fake clock that each run advances by the next duration, in ms (the last one repeats); JIT compilations end in the first {@code jitRuns} runs. */
    private static int warmupRuns(int requested, int jitRuns, double... durationsMs) throws InterruptedException {
        long[] now = {0};
        int[] i = {0};
        return Warmup.run(requested, Checkpoint.NONE, () -> now[0] += (long) (durationsMs[Math.min(i[0]++, durationsMs.length - 1)] * 1e6),
                () -> now[0], () -> Math.min(i[0], jitRuns));
    }

    @Test
    void warmupGoesOnUntilTheTimesStopFalling() throws Exception {
        // cold JIT: 60, 30, 20, 5, 1.5 ms, then 1.4 ms each: 150 ms have passed after run 29, which is settled
        assertEquals(29, warmupRuns(2, 0, 60, 30, 20, 5, 1.5, 1.4));
        // still falling by more than 20% when the budget is spent: runs on until a run is within 20% of the best
        assertEquals(5, warmupRuns(2, 0, 100, 60, 30, 10, 9));
        // big GEMMs: the requested runs already take longer than the budget
        assertEquals(2, warmupRuns(2, 0, 400, 390));
        // ten steady 20 ms runs (C1's code), then 2 ms (C2's); compilations end until run 11 (at 202 ms):
        // settled at the first run that ends 50 ms later, run 36
        assertEquals(36, warmupRuns(2, 11, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 2));
        // never settles (each run slower than the one before, the machine ever busier): stops at the 2 s cap
        assertEquals(8, warmupRuns(1, 0, 10, 20, 40, 80, 160, 320, 640, 1280, 2560));
    }
}
