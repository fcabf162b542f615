package io.javagpu.gpu;

import io.javagpu.display.MimeBundle;
import io.javagpu.magics.MagicException;
import io.javagpu.magics.MagicRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class RenderingTest {
    @Test
    void tableRendersHtmlPlainAndJson() {
        GpuTable t = new GpuTable("t <1>", List.of("a", "b")).row("✓", "x & y").row("✗", 3).note("n");
        MimeBundle b = t.bundle(Map.of("k", 1));
        String html = (String) b.data().get("text/html");
        assertTrue(html.contains("t &lt;1&gt;") && html.contains("x &amp; y") && html.contains("color:#b00020"), html);
        assertEquals("t <1>\na  b\n-  -----\n✓  x & y\n✗  3\nn", b.data().get("text/plain"));
        assertEquals(Map.of("k", 1), b.data().get("application/json"));
        assertNull(GpuTable.json(Double.NaN));
        assertEquals("—", GpuTable.num(Double.NaN, 2));
    }

    @Test
    void chartsHaveOneSeriesPerMemoryAndDirection() {
        List<BandwidthPoint> pts = List.of(
                new BandwidthPoint("d", "pinned", "h2d", 4096, Stats.of(new double[]{0.01}), 10, 0.4),
                new BandwidthPoint("d", "pinned", "h2d", 1 << 20, Stats.of(new double[]{0.1}), 10, 10.5),
                new BandwidthPoint("d", "pinned", "d2h", 1 << 20, Stats.of(new double[]{0.1}), 10, 11.0));
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
        assertThrows(MagicException.class, () -> Backends.choose("tpu", true));
        assumeFalse(Gpu.isAvailable());
        Backends.Choice auto = Backends.choose("auto", true);
        assertFalse(auto.backends().get(0).isGpu());
        assertTrue(auto.notes().get(0).startsWith("ran on CPU because: "));
        assertThrows(MagicException.class, () -> Backends.choose("gpu", false));
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
