package io.javagpu.gpu;

/** What the CUDA runtime says about one device, and the theoretical peaks derived from it. */
public record DeviceInfo(int index, String name, int major, int minor, int multiprocessors, long totalMemory, long freeMemory,
                         int clockKHz, int memoryClockKHz, int memoryBusWidth, String pciBusId) {

    public String computeCapability() {
        return major + "." + minor;
    }

    /** The dense peak for {@code dtype} in TFLOPS (see {@link Peaks}), or null when the kernel does not know it. */
    public Peak peakTflops(Dtype dtype) {
        return Peaks.tflops(name, major, minor, multiprocessors, clockKHz, dtype).orElse(null);
    }
}
