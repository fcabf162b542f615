package io.javagpu.gpu;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Theoretical peaks to compare measurements with. Dense (no 2:4 sparsity) tensor-core figures from NVIDIA's data
 * sheets for the parts told apart below; a device with fewer multiprocessors than its full part (a MIG slice) gets
 * the peak scaled by its share of them. A device not listed gets no tensor-core peak at all, only an FP32 peak
 * computed from its clock and FP32 lanes per multiprocessor, labelled as such: a wrong "% of peak" is worse than none.
 */
public final class Peaks {

    /**
     * One product variant, matched by the words of its CUDA device name.
     *
     * @param required words the name must contain ("H100", "PCIE"), compared upper-case
     * @param excluded words it must not contain (so "H100 NVL" is not taken for an SXM board)
     * @param fp16     dense FP16/BF16 tensor TFLOPS; tf32, fp32 (CUDA cores) and fp64 (tensor where the part has FP64
     *                 tensor cores) likewise; NaN where the data sheet gives none
     * @param memoryGBs HBM/GDDR bandwidth of the full part in GB/s, NaN where not listed
     */
    record Part(String label, List<String> required, List<String> excluded, int major, int minor, int multiprocessors,
                double fp16, double tf32, double fp32, double fp64, double memoryGBs) {

        boolean matches(Set<String> words, int ccMajor, int ccMinor) {
            return words.containsAll(required) && excluded.stream().noneMatch(words::contains)
                    && ccMajor == major && ccMinor == minor;
        }

        double tflops(Dtype dtype) {
            return switch (dtype) {
                case F16, BF16 -> fp16;
                case TF32 -> tf32;
                case F32 -> fp32;
                case F64 -> fp64;
            };
        }
    }

    private static final double NONE = Double.NaN;

    /**
     * Most specific first: "GH200" before "H200", NVL and PCIe before the SXM board of the same chip. The H200 NVL is
     * left out (so it gets no tensor peak) until its dense figures are confirmed from NVIDIA's data sheet.
     */
    static final List<Part> PARTS = List.of(
            part("GH200 (H100/H200 SXM class)", "GH200", "", 9, 0, 132, 989, 495, 67, 67, NONE),
            part("H200 SXM", "H200", "GH200 NVL", 9, 0, 132, 989, 495, 67, 67, 4800),
            part("H100 NVL", "H100 NVL", "GH200", 9, 0, 132, 835, 418, 60, 60, NONE),
            part("H100 PCIe", "H100 PCIE", "GH200", 9, 0, 114, 756, 378, 51, 51, 2000),
            part("H100 SXM", "H100", "GH200 NVL PCIE", 9, 0, 132, 989, 495, 67, 67, 3350),
            part("A100", "A100", "", 8, 0, 108, 312, 156, 19.5, 19.5, NONE),
            part("L40S", "L40S", "", 8, 9, 142, 362, 183, 91.6, NONE, 864),
            part("L4", "L4", "", 8, 9, 58, 121, 60, 30.3, NONE, 300),
            part("A10", "A10", "", 8, 6, 72, 125, 62.5, 31.2, NONE, 600));

    private Peaks() {
    }

    private static Part part(String label, String required, String excluded, int major, int minor, int sms,
                             double fp16, double tf32, double fp32, double fp64, double memoryGBs) {
        return new Part(label, words(required), words(excluded), major, minor, sms, fp16, tf32, fp32, fp64, memoryGBs);
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.toUpperCase(Locale.ROOT).split("[^A-Z0-9]+")).filter(w -> !w.isEmpty()).toList();
    }

    /** The listed part this device is (any slice of), or empty. */
    static Optional<Part> part(String name, int major, int minor) {
        Set<String> words = words(name == null ? "" : name).stream().collect(Collectors.toSet());
        return PARTS.stream().filter(p -> p.matches(words, major, minor)).findFirst();
    }

    /**
     * The dense peak for {@code dtype} in TFLOPS: from the data sheet of a listed part (scaled to a MIG slice's
     * multiprocessors), else for FP32 computed from clocks when the compute capability is known; otherwise empty.
     */
    public static Optional<Peak> tflops(String name, int major, int minor, int multiprocessors, int clockKHz, Dtype dtype) {
        Optional<Part> part = part(name, major, minor);
        if (part.isPresent()) {
            Part p = part.get();
            double full = p.tflops(dtype);
            if (Double.isNaN(full) || multiprocessors <= 0 || multiprocessors > p.multiprocessors()) return Optional.empty();
            String basis = "NVIDIA data sheet, " + p.label() + ", dense";
            if (multiprocessors == p.multiprocessors()) return Optional.of(new Peak(full, basis));
            return Optional.of(new Peak(full * multiprocessors / p.multiprocessors(),
                    basis + ", scaled to " + multiprocessors + " of " + p.multiprocessors() + " SMs (MIG slice)"));
        }
        return dtype == Dtype.F32 ? fp32FromClocks(major, minor, multiprocessors, clockKHz) : Optional.empty();
    }

    /** 2 flops (one FMA) per FP32 lane per clock; empty when the lanes per SM of this compute capability are unknown. */
    static Optional<Peak> fp32FromClocks(int major, int minor, int multiprocessors, int clockKHz) {
        int lanes = fp32LanesPerSm(major, minor);
        if (lanes == 0 || multiprocessors <= 0 || clockKHz <= 0) return Optional.empty();
        double tflops = 2.0 * multiprocessors * lanes * clockKHz * 1e3 / 1e12;
        return Optional.of(new Peak(tflops, String.format(Locale.ROOT,
                "computed from clocks: %d SMs x %d FP32 lanes x 2 flops x %d MHz", multiprocessors, lanes, clockKHz / 1000)));
    }

    /** FP32 lanes per SM by compute capability (CUDA C++ Programming Guide, arithmetic instruction throughput). */
    static int fp32LanesPerSm(int major, int minor) {
        return switch (major) {
            case 6 -> minor == 0 ? 64 : 128;
            case 7 -> 64;
            case 8 -> minor == 0 ? 64 : 128;
            case 9, 10, 12 -> 128;
            default -> 0;
        };
    }

    /**
     * Memory bandwidth in GB/s: the data sheet's for a listed full part; for an unlisted device 2 transfers per memory
     * clock x bus width, labelled as computed; empty for a MIG slice (its share of memory bandwidth is not its share
     * of SMs) and when the clocks are unknown.
     */
    public static Optional<Peak> memoryGBs(String name, int major, int minor, int multiprocessors, int memoryClockKHz,
                                           int memoryBusWidth) {
        Optional<Part> part = part(name, major, minor);
        if (part.isPresent()) {
            Part p = part.get();
            if (Double.isNaN(p.memoryGBs()) || multiprocessors != p.multiprocessors()) return Optional.empty();
            return Optional.of(new Peak(p.memoryGBs(), "NVIDIA data sheet, " + p.label()));
        }
        if (memoryClockKHz <= 0 || memoryBusWidth <= 0) return Optional.empty();
        return Optional.of(new Peak(2.0 * memoryClockKHz * 1e3 * (memoryBusWidth / 8.0) / 1e9, String.format(Locale.ROOT,
                "computed from clocks: 2 x %d MHz x %d bit", memoryClockKHz / 1000, memoryBusWidth)));
    }

    /**
     * Theoretical PCIe rate per direction in GB/s for a link of {@code generation} (1-5) and {@code width} lanes:
     * transfer rate x encoding efficiency (8b/10b up to Gen2, 128b/130b from Gen3) / 8 bits. Gen4 x16 gives 31.5.
     */
    public static OptionalDouble pcieGBs(int generation, int width) {
        if (width <= 0) return OptionalDouble.empty();
        double perLane = switch (generation) {
            case 1 -> 2.5 * 8 / 10 / 8;
            case 2 -> 5.0 * 8 / 10 / 8;
            case 3 -> 8.0 * 128 / 130 / 8;
            case 4 -> 16.0 * 128 / 130 / 8;
            case 5 -> 32.0 * 128 / 130 / 8;
            default -> Double.NaN;
        };
        return Double.isNaN(perLane) ? OptionalDouble.empty() : OptionalDouble.of(perLane * width);
    }
}
