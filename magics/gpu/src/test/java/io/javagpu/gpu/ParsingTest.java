package io.javagpu.gpu;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ParsingTest {
    @Test
    void shapes() {
        assertEquals(new MatmulShape(512, 512, 512), MatmulShape.parse("512"));
        assertEquals(new MatmulShape(256, 512, 1024), MatmulShape.parse("256x512x1024"));
        assertEquals("256x512x1024", MatmulShape.parse("256X512X1024").toString());
        assertEquals(2.0 * 256 * 512 * 1024, MatmulShape.parse("256x512x1024").flops());
        for (String bad : new String[]{"", "abc", "1x2", "0", "-5", "1x2x3x4", "12.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatmulShape.parse(bad), bad);
            assertTrue(e.getMessage().contains("MxNxK") || e.getMessage().contains("positive"), e.getMessage());
        }
    }

    @Test
    void dtypes() {
        assertEquals(Dtype.BF16, Dtype.parse("bfloat16"));
        assertEquals(Dtype.F16, Dtype.parse("F16"));
        assertThrows(IllegalArgumentException.class, () -> Dtype.parse("f8"));
    }

    @Test
    void byteSizes() {
        assertEquals(4096, ByteSizes.parse("4KB"));
        assertEquals(256L << 20, ByteSizes.parse("256MB"));
        assertEquals(1L << 30, ByteSizes.parse("1GiB"));
        assertEquals(100, ByteSizes.parse("100"));
        assertEquals(List.of(4096L, 16384L, 65536L), ByteSizes.parseSweep("4KB..64KB"));
        assertEquals(List.of(4096L, 16384L, 50000L), ByteSizes.parseSweep("4KB..50000"));
        assertEquals(List.of(1L << 20, 8L << 20), ByteSizes.parseSweep("1MB,8MB"));
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.parseSweep("64KB..4KB"));
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse("lots"));
        assertEquals("4 KB", ByteSizes.format(4096));
        assertEquals("256 MB", ByteSizes.format(256L << 20));
    }

    @Test
    void stats() {
        Stats s = Stats.of(new double[]{3, 1, 2, 10});
        assertEquals(2.5, s.median());
        assertEquals(1, s.min());
        assertEquals(10, s.max());
        assertEquals(4, s.count());
        assertEquals(Math.sqrt((1 + 9 + 4 + 36) / 3.0), s.stdev(), 1e-12);
        assertEquals(0, Stats.of(new double[]{7}).stdev());
    }

    @Test
    void phaseRates() {
        Phase t = Phase.transfer(MatmulPhase.H2D_A, Stats.of(new double[]{1.0}), 1_000_000_000L);
        assertEquals(1000, t.rate(), 1e-9);
        assertTrue(t.isTransfer());
        assertEquals("H2D A", t.name());
        Phase g = Phase.compute(MatmulPhase.GEMM, Stats.of(new double[]{2.0}), 2e12, new Peak(2000.0, "test"));
        assertEquals(1000, g.rate(), 1e-9);
        assertEquals(50, g.percentOfPeak(), 1e-9);
        assertFalse(g.isTransfer());
        assertTrue(Double.isNaN(Phase.compute(MatmulPhase.TOTAL, Stats.of(new double[]{2.0}), 2e12, null).percentOfPeak()));
        assertTrue(Double.isNaN(Phase.plain(MatmulPhase.HOST_INIT, Stats.of(new double[]{1})).rate()));
    }

    @Test
    void runsLookPhasesUpByKind() {
        MatmulRun run = new MatmulRun(new MatmulShape(2, 2, 2), Dtype.F32, "cpu", false, List.of(
                Phase.compute(MatmulPhase.GEMM, Stats.of(new double[]{2.0}), 16, null),
                Phase.compute(MatmulPhase.TOTAL, Stats.of(new double[]{3.0}), 16, null)), null, List.of(), null);
        assertEquals(2.0, run.gemmMs());
        assertEquals(3.0, run.totalMs());
        assertThrows(IllegalArgumentException.class, () -> run.phase(MatmulPhase.H2D_A));
    }

    @Test
    void speedupsPairGpuAndCpuRunsOfTheSameShape() {
        MatmulShape shape = new MatmulShape(2, 2, 2);
        MatmulRun gpu = new MatmulRun(shape, Dtype.F32, "cuda:0", true, List.of(
                Phase.compute(MatmulPhase.GEMM, Stats.of(new double[]{1.0}), 16, null),
                Phase.compute(MatmulPhase.TOTAL, Stats.of(new double[]{4.0}), 16, null)), null, List.of(), null);
        MatmulRun cpu = new MatmulRun(shape, Dtype.F32, "cpu", false, List.of(
                Phase.compute(MatmulPhase.GEMM, Stats.of(new double[]{10.0}), 16, null),
                Phase.compute(MatmulPhase.TOTAL, Stats.of(new double[]{10.0}), 16, null)), null, List.of(), "OpenBLAS");
        assertEquals(List.of(new MatmulReport.Speedup(shape, 10.0, 2.5)), new MatmulReport(List.of(gpu, cpu), List.of()).speedups());
    }
}
