package io.javagpu.gpu;

import java.util.Optional;
import java.util.OptionalDouble;

/** The PCIe link of a device: generation (1-5...) and width in lanes, as read while the link is in use. */
public record PcieLink(int generation, int width) {

    /** The device's link, or empty when probing could not read it. */
    public static Optional<PcieLink> of(ProbeFacts.DeviceFacts device) {
        return device.pcieGeneration() > 0 && device.pcieWidth() > 0
                ? Optional.of(new PcieLink(device.pcieGeneration(), device.pcieWidth())) : Optional.empty();
    }

    /** Theoretical GB/s per direction ({@link Peaks#pcieGBs}), empty for a generation the kernel has no figure for. */
    public OptionalDouble gbsPerDirection() {
        return Peaks.pcieGBs(generation, width);
    }

    @Override
    public String toString() {
        return "Gen" + generation + " x" + width;
    }
}
