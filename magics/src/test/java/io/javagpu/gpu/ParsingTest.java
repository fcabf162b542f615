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
    void tokenizer() {
        assertEquals(List.of("matmul", "512", "--dtype", "f16"), GpuMagic.tokenize("  matmul 512   --dtype f16 "));
        assertEquals(List.of("a b", "", "c"), GpuMagic.tokenize("'a b' \"\" c"));
        assertEquals(List.of(), GpuMagic.tokenize(""));
    }

    @Test
    void phaseRates() {
        Phase t = Phase.transfer("H2D A", Stats.of(new double[]{1.0}), 1_000_000_000L);
        assertEquals(1000, t.rate(), 1e-9);
        Phase g = Phase.compute("GEMM", Stats.of(new double[]{2.0}), 2e12, 2000.0);
        assertEquals(1000, g.rate(), 1e-9);
        assertEquals(50, g.percentOfPeak(), 1e-9);
        assertTrue(Double.isNaN(Phase.plain("host init", Stats.of(new double[]{1})).rate()));
    }

    @Test
    void devicePeaks() {
        DeviceInfo h100 = new DeviceInfo(0, "NVIDIA H100 80GB HBM3", 9, 0, 132, 80L << 30, 79L << 30, 1980000, 2619000, 5120, "0000:19:00.0");
        assertEquals(66.9, h100.fp32PeakTflops(), 0.1);
        assertEquals(3352, h100.memoryBandwidthGBs(), 1);
        assertEquals(989.0, h100.peakTflops(Dtype.F16));
        assertEquals(495.0, h100.peakTflops(Dtype.TF32));
        DeviceInfo other = new DeviceInfo(0, "Some GPU", 8, 6, 10, 1, 1, 1000000, 1, 1, "x");
        assertNull(other.peakTflops(Dtype.F64));
        assertEquals(2.56, other.fp32PeakTflops(), 1e-9);
    }
}
