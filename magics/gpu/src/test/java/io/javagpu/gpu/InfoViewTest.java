package io.javagpu.gpu;

import io.javagpu.display.MimeBundle;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class InfoViewTest {
    private static String plain(MimeBundle b) {
        return (String) b.data().get("text/plain");
    }

    @Test
    void chainThenDevicesThenLibraries() {
        List<MimeBundle> views = InfoView.of(new FactsBuilder().diagnose());
        assertEquals(3, views.size());
        assertTrue(plain(views.get(0)).contains("Every link works"), plain(views.get(0)));
        String devices = plain(views.get(1));
        assertTrue(devices.contains("Gen5 x16 (63.0 GB/s per direction)"), devices);
        assertTrue(devices.contains("989.0 TFLOPS") && devices.contains("3350 GB/s"), devices);
        assertTrue(devices.contains("NVIDIA data sheet, H100 SXM"), devices);
        String libraries = plain(views.get(2));
        assertTrue(libraries.contains("libcublasLt.so.12") && libraries.contains("12.4.5") && libraries.contains("loaded"), libraries);
    }

    @Test
    void anUnknownDeviceShowsNoTensorPeakAndLabelsTheComputedOnes() {
        FactsBuilder f = new FactsBuilder();
        f.devices.set(0, new ProbeFacts.DeviceFacts(0, "NVIDIA Future GPU", 8, 6, 10, 1L << 30, 1_000_000, 1_000_000, 256, "x", 0, 0));
        MimeBundle devices = InfoView.of(f.diagnose()).get(1);
        String text = plain(devices);
        assertTrue(text.contains("computed from clocks"), text);
        @SuppressWarnings("unchecked")
        Map<String, Object> peaks = (Map<String, Object>) ((Map<?, ?>) ((List<?>) devices.data().get("application/json")).get(0)).get("peakTflops");
        assertEquals(2.56, (Double) peaks.get("f32"), 1e-9);
        assertNull(peaks.get("f16"));
        assertNull(peaks.get("f64"));
    }

    @Test
    void brokenChainJsonKeepsItsShape() {
        MimeBundle chain = InfoView.of(new FactsBuilder().noDriver().diagnose()).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) chain.data().get("application/json");
        assertEquals(false, json.get("allOk"));
        assertEquals(false, json.get("usable"));
        List<?> links = (List<?>) json.get("links");
        assertEquals("notebook", ((Map<?, ?>) links.get(0)).get("link"));
        assertTrue(plain(chain).contains("✗ CUDA driver"), plain(chain));
        assertTrue(plain(chain).contains("    fix:   install the NVIDIA driver"), plain(chain));
        assertTrue(((String) chain.data().get("text/html")).contains("color:#b00020"));
    }
}
