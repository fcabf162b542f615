package io.javagpu.gpu;

import java.util.Locale;

/** What the CUDA runtime says about one device, and the theoretical peaks derived from it. */
public record DeviceInfo(int index, String name, int major, int minor, int multiprocessors, long totalMemory, long freeMemory,
                         int clockKHz, int memoryClockKHz, int memoryBusWidth, String pciBusId) {

    public String computeCapability() {
        return major + "." + minor;
    }

    /** 2 transfers per memory clock x bus width: GB/s. */
    public double memoryBandwidthGBs() {
        return 2.0 * memoryClockKHz * 1e3 * (memoryBusWidth / 8.0) / 1e9;
    }

    /** FP32 lanes per SM for the compute capability (CUDA programming guide), 0 when unknown. */
    public int fp32CoresPerSm() {
        switch (major) {
            case 6: return minor == 0 ? 64 : 128;
            case 7: return 64;
            case 8: return minor == 0 ? 64 : 128;
            case 9: case 10: case 12: return 128;
            default: return 0;
        }
    }

    /** FMA = 2 flops per lane per clock. */
    public double fp32PeakTflops() {
        return 2.0 * multiprocessors * fp32CoresPerSm() * clockKHz * 1e3 / 1e12;
    }

    /** Dense peak for the dtype where known (H100/H200/A100 from NVIDIA data sheets), else FP32 from clocks. */
    public Double peakTflops(Dtype dtype) {
        String n = name.toUpperCase(Locale.ROOT);
        boolean hopperSxm = n.contains("H200") || (n.contains("H100") && !n.contains("PCIE"));
        boolean hopperPcie = n.contains("H100") && n.contains("PCIE");
        boolean a100 = n.contains("A100");
        switch (dtype) {
            case F32:
                double p = fp32PeakTflops();
                return p > 0 ? p : null;
            case F64:
                if (hopperSxm) return 67.0;
                if (hopperPcie) return 51.0;
                if (a100) return 19.5;
                return null;
            case TF32:
                if (hopperSxm) return 495.0;
                if (hopperPcie) return 378.0;
                if (a100) return 156.0;
                return null;
            default:
                if (hopperSxm) return 989.0;
                if (hopperPcie) return 756.0;
                if (a100) return 312.0;
                return null;
        }
    }
}
