package io.javagpu.gpu.cuda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The PCIe link a device sits on, from sysfs (current_link_speed / current_link_width); 0 when unknown. */
public record PcieLink(int generation, int width) {
    public static final PcieLink UNKNOWN = new PcieLink(0, 0);

    /** Reads /sys/bus/pci/devices/&lt;bus id&gt;/ for a CUDA PCI bus id such as "0000:65:00.0". */
    public static PcieLink of(String pciBusId) {
        if (pciBusId == null || pciBusId.isBlank() || pciBusId.equals("?")) return UNKNOWN;
        Path dir = Path.of("/sys/bus/pci/devices", pciBusId.trim().toLowerCase(Locale.ROOT));
        try {
            return parse(Files.readString(dir.resolve("current_link_speed")), Files.readString(dir.resolve("current_link_width")));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** "16.0 GT/s PCIe" and "16" give generation 4, width 16. */
    static PcieLink parse(String speed, String width) {
        int w;
        double gts;
        try {
            w = Integer.parseInt(width.trim());
            gts = Double.parseDouble(speed.trim().split("\\s+")[0]);
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
        int gen = gts >= 60 ? 6 : gts >= 30 ? 5 : gts >= 15 ? 4 : gts >= 7.5 ? 3 : gts >= 4.5 ? 2 : gts >= 2 ? 1 : 0;
        return gen == 0 || w <= 0 ? UNKNOWN : new PcieLink(gen, w);
    }

    /** Theoretical GB/s per direction after line encoding: Gen1-2 8b/10b, Gen3-5 128b/130b (Gen6 taken as 2x Gen5). */
    public double gigabytesPerSecond() {
        double perLane;
        switch (generation) {
            case 1: perLane = 2.5 * 0.8 / 8; break;
            case 2: perLane = 5 * 0.8 / 8; break;
            case 3: perLane = 8 * 128 / 130.0 / 8; break;
            case 4: perLane = 16 * 128 / 130.0 / 8; break;
            case 5: perLane = 32 * 128 / 130.0 / 8; break;
            case 6: perLane = 64 * 128 / 130.0 / 8; break;
            default: return 0;
        }
        return perLane * width;
    }
}
