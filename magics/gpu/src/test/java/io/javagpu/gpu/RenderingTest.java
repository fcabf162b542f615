package io.javagpu.gpu;

import io.javagpu.display.MimeBundle;
import io.javagpu.magics.MagicRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class RenderingTest {
    @Test
    void labelsOfMemoryKindsAndDirectionsAreWhatTablesAndChartsShow() {
        BandwidthPoint p = new BandwidthPoint("d", MemoryKind.PINNED, Direction.H2D, 4096, Stats.of(new double[]{0.01}), 10, 0.4);
        assertEquals("pinned h2d", p.series());
        assertEquals("device d2d", new BandwidthPoint("d", MemoryKind.DEVICE, Direction.D2D, 1, Stats.of(new double[]{1}), 1, 1).series());
        assertEquals("heap copy", new BandwidthPoint("d", MemoryKind.HEAP, Direction.COPY, 1, Stats.of(new double[]{1}), 1, 1).series());
        assertEquals(Direction.D2H, Direction.parseGpu(" D2H "));
        assertNull(Direction.parseGpu("copy"), "copy is the CPU's, not an option of --direction");
        assertEquals("GB/s", RateUnit.GB_PER_S.toString());
        assertEquals("total", MatmulPhase.TOTAL.toString());
    }

    @Test
    void chartsHaveOneSeriesPerMemoryAndDirection() {
        List<BandwidthPoint> pts = List.of(
                new BandwidthPoint("d", MemoryKind.PINNED, Direction.H2D, 4096, Stats.of(new double[]{0.01}), 10, 0.4),
                new BandwidthPoint("d", MemoryKind.PINNED, Direction.H2D, 1 << 20, Stats.of(new double[]{0.1}), 10, 10.5),
                new BandwidthPoint("d", MemoryKind.PINNED, Direction.D2H, 1 << 20, Stats.of(new double[]{0.1}), 10, 11.0));
        String svg = Charts.bandwidthSvg(pts, "bw");
        assertEquals(2, svg.split("<path").length - 1, svg);
        assertTrue(svg.contains("pinned h2d") && svg.contains("pinned d2h"));
        Map<String, Object> vl = Charts.bandwidthVegaLite(pts, "bw");
        @SuppressWarnings("unchecked")
        List<Object> values = (List<Object>) ((Map<String, Object>) vl.get("data")).get("values");
        assertEquals(3, values.size());
        assertTrue(Charts.bandwidthSvg(List.of(), "empty").startsWith("<svg"));
    }

    @Test
    void bandwidthTableShowsHostDeviceCopiesAgainstAKnownPcieLink() {
        List<BandwidthPoint> pts = List.of(
                new BandwidthPoint("cuda:0", MemoryKind.PINNED, Direction.H2D, 1 << 20, Stats.of(new double[]{0.1}), 10, 25.2),
                new BandwidthPoint("cuda:0", MemoryKind.DEVICE, Direction.D2D, 1 << 20, Stats.of(new double[]{0.1}), 10, 900));
        BandwidthReport gpu = new BandwidthReport("cuda:0 (X)", true, pts, List.of());
        MimeBundle table = GpuViews.bandwidth(gpu, Optional.of(new PcieLink(4, 16))).get(0);
        String plain = (String) table.data().get("text/plain");
        assertTrue(plain.contains("% of PCIe link"), plain);
        assertTrue(plain.contains("80.0 %"), plain);
        assertTrue(plain.contains("against 31.51 GB/s per direction") && plain.contains("PCIe Gen4 x16"), plain);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) table.data().get("application/json");
        assertEquals(16, ((Map<?, ?>) json.get("pcieLink")).get("width"));

        String unknown = (String) GpuViews.bandwidth(gpu, Optional.empty()).get(0).data().get("text/plain");
        assertFalse(unknown.contains("PCIe"), unknown);
        BandwidthReport cpu = new BandwidthReport("cpu", false, pts, List.of());
        assertFalse(((String) GpuViews.bandwidth(cpu, Optional.of(new PcieLink(4, 16))).get(0).data().get("text/plain")).contains("PCIe"));
    }

    @Test
    void gpuMagicIsFoundByServiceLoader() {
        MagicRegistry registry = MagicRegistry.load(getClass().getClassLoader());
        assertTrue(registry.find("gpu").isPresent());
        assertTrue(registry.find("gpu").get().isCellMagic());
    }

    @Test
    void backendChoice() throws Exception {
        Backends.Choice cpu = Backends.choose("cpu", true);
        assertFalse(cpu.backends().get(0).isGpu());
        assertTrue(cpu.notes().isEmpty(), "an explicit cpu needs no excuse");
        assertThrows(GpuException.class, () -> Backends.choose("tpu", true));
        assumeFalse(Gpu.isAvailable());
        Backends.Choice auto = Backends.choose("auto", true);
        assertFalse(auto.backends().get(0).isGpu());
        assertTrue(auto.notes().get(0).startsWith("ran on CPU because: "));
        assertThrows(GpuException.class, () -> Backends.choose("gpu", false));
    }

    @Test
    void deviceArrayMovesBetweenDevicesOnCpu() {
        DeviceArray<double[]> x = Gpu.to(new double[]{1, 2, 3}, "cpu");
        double[] host = x.toHost();
        host[0] = 99;
        assertArrayEquals(new double[]{1, 2, 3}, x.toHost(), "toHost gives a copy");
        DeviceArray<double[]> y = x.to("cpu");
        x.free();
        x.free();
        assertArrayEquals(new double[]{1, 2, 3}, y.toHost());
        assertEquals("double", y.dtype());
        assertFalse(y.isOnGpu());
    }
}
