package io.javagpu.gpu;

import io.javagpu.display.MimeBundle;
import io.javagpu.magics.MagicException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class GpuMagicTest {
    private final GpuMagic magic = new GpuMagic();
    private final FakeContext ctx = new FakeContext();

    private static void assertTableBundle(MimeBundle b) {
        assertTrue(b.data().containsKey("text/html"), b.toString());
        assertTrue(b.data().containsKey("text/plain"), b.toString());
        assertTrue(b.data().containsKey("application/json"), b.toString());
    }

    @Test
    void infoShowsTheChain() throws Exception {
        Object r = magic.runLine(ctx, "info");
        assertInstanceOf(GpuDiagnosis.Report.class, r);
        assertFalse(ctx.displays.isEmpty());
        assertTableBundle(ctx.displays.get(0));
        String plain = (String) ctx.displays.get(0).data().get("text/plain");
        assertTrue(plain.contains("binding"), plain);
        assertTrue(plain.contains("cuBLAS"), plain);
        assertTrue(plain.contains("device init"), plain);
        MimeBundle libraries = ctx.displays.get(ctx.displays.size() - 1);
        assertTableBundle(libraries);
        String listed = (String) libraries.data().get("text/plain");
        for (ProbeFacts.Library library : GpuProbe.facts().libraries()) assertTrue(listed.contains(library.name()), listed);
    }

    @Test
    void matmulOnCpuIsLabelledAndVerified() throws Exception {
        MatmulReport r = (MatmulReport) magic.runLine(ctx, "matmul 64 32x48x80 --device cpu --warmup 1 --repeat 3");
        assertEquals(2, r.runs().size());
        assertTrue(r.verified());
        assertFalse(r.ranOnGpu());
        assertTrue(r.device().startsWith("cpu"));
        assertEquals(new MatmulShape(32, 48, 80), r.run(1).shape());
        assertEquals(2, ctx.displays.size());
        MimeBundle b = ctx.displays.get(0);
        assertTableBundle(b);
        String plain = (String) b.data().get("text/plain");
        assertTrue(plain.contains("on cpu"), plain);
        assertTrue(plain.contains("verification passed"), plain);
        assertTrue(plain.contains("GEMM"), plain);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) b.data().get("application/json");
        assertEquals(64, json.get("m"));
        assertEquals(false, json.get("gpu"));
        assertTrue(r.toString().contains("verification passed"), r.toString());
    }

    @Test
    void autoSaysWhyItRanOnTheCpu() throws Exception {
        assumeFalse(Gpu.isAvailable());
        MatmulReport r = (MatmulReport) magic.runLine(ctx, "matmul 32 --dtype f16 --repeat 1 --warmup 0");
        assertFalse(r.ranOnGpu());
        assertTrue(ctx.printed().contains("ran on CPU because: "), ctx.printed());
        assertTrue(r.notes().get(0).startsWith("ran on CPU because: "));
        String plain = (String) ctx.displays.get(0).data().get("text/plain");
        assertTrue(plain.contains("ran on CPU because"), plain);
        assertTrue(plain.contains("CPU emulation of f16"), plain);
    }

    @Test
    void gpuDeviceWithoutGpuFailsWithTheReason() {
        assumeFalse(Gpu.isAvailable());
        for (String args : new String[]{"matmul 64 --device gpu", "matmul 64 --device both", "bandwidth --device gpu"}) {
            MagicException e = assertThrows(MagicException.class, () -> magic.runLine(ctx, args), args);
            assertTrue(e.getMessage().contains("no usable GPU"), e.getMessage());
            assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
        }
        MagicException e = assertThrows(MagicException.class, () -> magic.runLine(ctx, "device 0"));
        assertTrue(e.getMessage().contains("no usable GPU"), e.getMessage());
    }

    @Test
    void badArgumentsAreClearErrors() {
        String[][] cases = {
                {"matmul 64 --dtype f8", "unknown dtype 'f8'"},
                {"matmul 64 --repeat 0", "--repeat must be between 1 and 1000"},
                {"matmul 64 --warmup -1", "--warmup must be between 0 and 100"},
                {"matmul 12x12", "MxNxK"},
                {"matmul 64 --devcie cpu", "Unknown option"},
                {"matmul 64 --device tpu", "unknown --device 'tpu'"},
                {"matmul 64 --repeat many", "--repeat"},
                {"frobnicate", "Unmatched argument"},
                {"bandwidth --sizes 4XB", "bad size"},
                {"bandwidth --direction sideways --device cpu", "unknown --direction"},
                {"matmul 50000 --device cpu", "largest Java array"},
        };
        for (String[] c : cases) {
            MagicException e = assertThrows(MagicException.class, () -> magic.runLine(ctx, c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void helpForEverySubcommand() throws Exception {
        assertNull(magic.runLine(ctx, "--help"));
        assertTrue(ctx.printed().contains("matmul"), ctx.printed());
        assertTrue(ctx.printed().contains("bandwidth"), ctx.printed());
        for (String sub : List.of("info", "matmul", "bandwidth", "memory", "device")) {
            FakeContext c = new FakeContext();
            assertNull(magic.runLine(c, sub + " --help"));
            assertTrue(c.printed().contains("Usage:") && c.printed().contains(sub), c.printed());
        }
        FakeContext c = new FakeContext();
        magic.runLine(c, "help matmul");
        assertTrue(c.printed().contains("--dtype"), c.printed());
        FakeContext none = new FakeContext();
        magic.runLine(none, "");
        assertTrue(none.printed().contains("Usage:"), none.printed());
    }

    @Test
    void bandwidthOnCpuGivesTableSvgAndVegaLite() throws Exception {
        BandwidthReport r = (BandwidthReport) magic.runLine(ctx, "bandwidth --sizes 4KB..64KB --device cpu");
        assertFalse(r.gpu());
        assertEquals(6, r.points().size(), "3 sizes x heap/direct");
        assertTrue(r.points().stream().allMatch(p -> p.gbps() > 0));
        assertTrue(r.peakGBs("heap copy") > 0);
        MimeBundle table = ctx.displays.get(ctx.displays.size() - 2);
        MimeBundle chart = ctx.displays.get(ctx.displays.size() - 1);
        assertTableBundle(table);
        assertFalse(table.data().containsKey("application/vnd.vegalite.v5+json"), "the chart must not hide the table");
        String svg = (String) chart.data().get("image/svg+xml");
        assertTrue(svg.startsWith("<svg") && svg.contains("<path"), svg);
        @SuppressWarnings("unchecked")
        Map<String, Object> vl = (Map<String, Object>) chart.data().get("application/vnd.vegalite.v5+json");
        assertEquals("https://vega.github.io/schema/vega-lite/v5.json", vl.get("$schema"));
        assertTrue(vl.toString().contains("type=log"), vl.toString());
        assertFalse(ctx.updates.isEmpty(), "progress bar never updated");
        assertTrue(ctx.updates.size() <= 6, "at most one update per point (ProgressBar throttles)");
        assertTrue(((String) ctx.updates.get(ctx.updates.size() - 1).data().get("text/plain")).contains("6/6"), "final state shown");
        assertTrue(((String) table.data().get("text/plain")).contains("CPU memory copies"));
    }

    @Test
    void memoryOnCpuShowsTheHeap() throws Exception {
        assumeFalse(Gpu.isAvailable());
        MemoryReport r = (MemoryReport) magic.runLine(ctx, "memory");
        assertFalse(r.gpu());
        assertTrue(r.entries().get(0).device().contains("JVM heap"));
        assertTrue(r.entries().get(0).totalBytes() > 0);
        assertTableBundle(ctx.displays.get(0));
    }

    @Test
    void cellMagicTimesTheBody() throws Exception {
        ctx.evalResult = "value";
        CellTiming t = (CellTiming) magic.runCell(ctx, "--device cpu", "int x = 1;");
        assertEquals(List.of("int x = 1;"), ctx.evaluated);
        assertFalse(t.gpu());
        assertEquals("value", t.value());
        assertTrue(t.wallMs() >= 0);
        assertTableBundle(ctx.displays.get(0));
        assertThrows(MagicException.class, () -> magic.runCell(ctx, "--bogus", "1"));
    }

    @Test
    void interruptStopsBetweenRepetitions() {
        ctx.interruptAfter = 3;
        assertThrows(InterruptedException.class, () -> magic.runLine(ctx, "matmul 64 --device cpu --warmup 2 --repeat 100"));
        assertEquals(4, ctx.interruptChecks, "stopped at the first check after the limit");
    }

    @Test
    void smokeTestCpuPathPasses() {
        GpuSmoke smoke = new GpuSmoke();
        smoke.run(64, true);
        assertEquals(List.of(), smoke.failures());
    }

    @Test
    void notebookApiRoundTripOnCpu() {
        try (DeviceArray<double[]> x = Gpu.to(new double[]{1.0, 2.0}, "cpu")) {
            assertEquals("cpu", x.device());
            assertEquals(2, x.length());
            assertArrayEquals(new double[]{1.0, 2.0}, x.toHost());
            assertEquals("DeviceArray[2 x double on cpu]", x.toString());
        }
        DeviceArray<float[]> f = Gpu.to(new float[]{3f}, "cpu");
        assertArrayEquals(new float[]{3f}, f.toHost());
        f.free();
        assertTrue(f.isFreed());
        assertThrows(IllegalStateException.class, f::toHost);
        assertThrows(IllegalArgumentException.class, () -> Gpu.to(new double[1], "tpu"));
    }

    @Test
    void cudaWithoutGpuThrowsWithTheReason() {
        assumeFalse(Gpu.isAvailable());
        for (String dev : new String[]{"cuda", "cuda:0", "cuda:3"}) {
            GpuUnavailableException e = assertThrows(GpuUnavailableException.class, () -> Gpu.to(new double[]{1.0, 2.0}, dev));
            assertTrue(e.getMessage().contains("CUDA is not available"), e.getMessage());
            assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
        }
    }
}
