package io.javagpu.gpu;

import io.javagpu.magics.MagicContext;
import io.javagpu.magics.StandaloneContext;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A smoke test for a machine with a GPU, runnable with only a JDK and the kernel jar:
 * <pre>
 * java [--enable-native-access=ALL-UNNAMED] -cp kernel/target/java-gpu-kernel.jar io.javagpu.gpu.GpuSmoke [--size N] [--cpu-only]
 * </pre>
 * Runs the %gpu magics through the same code the notebook uses, with the binding $JAVA_GPU_BINDING names (the script
 * runs it once per binding), and checks: every link of %gpu info is ✓ and that binding is active; matmul in f32, tf32,
 * f16, bf16 and f64 runs on cuda and passes verification; f16 GEMM at 8192 reaches 60% of the device's dense peak
 * where the peak is known; --device both shows a speedup; the bandwidth sweep completes every row and pinned H2D
 * reaches 80% of the PCIe link's rate (generation and width read from sysfs; skipped where unknown);
 * Gpu.to(..., "cuda:0") round-trips. Exits 0 when all pass, 1 otherwise, 2 on bad arguments.
 * {@code --cpu-only} checks the CPU path instead (for machines without a GPU: CI, laptops).
 */
public final class GpuSmoke {
    private final List<String> failures = new ArrayList<>();
    private final PrintStream out = System.out;

    public static void main(String[] args) {
        int size = 2048;
        boolean cpuOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size": size = Integer.parseInt(args[++i]); break;
                case "--cpu-only": cpuOnly = true; break;
                case "--help": case "-h":
                    System.out.println("usage: GpuSmoke [--size N] [--cpu-only]");
                    return;
                default:
                    System.err.println("unknown argument " + args[i] + "; usage: GpuSmoke [--size N] [--cpu-only]");
                    System.exit(2);
            }
        }
        GpuSmoke smoke = new GpuSmoke();
        smoke.run(size, cpuOnly);
        System.exit(smoke.failures.isEmpty() ? 0 : 1);
    }

    void run(int size, boolean cpuOnly) {
        GpuMagic magic = new GpuMagic();
        MagicContext ctx = new StandaloneContext(out);
        out.println("== java-gpu-kernel GPU smoke test (" + (cpuOnly ? "CPU path only" : "GPU") + ") ==");
        step("%gpu info", () -> {
            GpuDiagnosis.Report r = (GpuDiagnosis.Report) magic.runLine(ctx, "info");
            if (!cpuOnly) {
                for (GpuDiagnosis.Link l : r.links()) check(l.ok(), "info: " + l.name() + " ✗ " + l.error() + " -> " + l.fix());
                check(!r.devices().isEmpty(), "info: no devices listed");
                String wanted = System.getenv("JAVA_GPU_BINDING");
                io.javagpu.gpu.cuda.CudaBinding active = GpuProbe.binding();
                check(wanted == null || wanted.equals("auto") || (active != null && active.name().equals(wanted)),
                        "info: binding " + wanted + " is not the active one");
            } else {
                check(r.link("JVM").ok(), "info: the JVM link is broken");
            }
        });
        if (!cpuOnly && !Gpu.isAvailable()) {
            failures.add("no usable GPU, so the GPU checks cannot run: " + Gpu.whyNot());
            report();
            return;
        }
        String device = cpuOnly ? "cpu" : "gpu";
        for (String dtype : List.of("f32", "tf32", "f16", "bf16", "f64")) {
            int n = cpuOnly ? Math.min(size, 256) : size;
            step("%gpu matmul " + n + " --dtype " + dtype + " --device " + device, () -> {
                MatmulReport r = (MatmulReport) magic.runLine(ctx, "matmul " + n + " --dtype " + dtype + " --device " + device);
                check(r.ranOnGpu() == !cpuOnly, "matmul " + dtype + " ran on " + r.device());
                check(r.verified(), "matmul " + dtype + " verification: " + r.first().verification().summary());
                out.printf(Locale.ROOT, "   -> %s: GEMM %.3f ms, %.1f GFLOP/s, %s%n", r.device(), r.gemmMs(), r.gflops(),
                        r.first().verification().summary());
            });
        }
        if (!cpuOnly) {
            step("%gpu matmul 8192 --dtype f16: at least 60% of the dense peak", () -> {
                if (CudaBackend.peakTflops(GpuDevices.info(GpuDevices.selected()), Dtype.F16) == null) {
                    out.println("   -> skipped: the dense f16 peak of " + Gpu.deviceName() + " is not known");
                    return;
                }
                MatmulReport r = (MatmulReport) magic.runLine(ctx, "matmul 8192 --dtype f16 --device gpu --warmup 2 --repeat 5");
                check(r.verified(), "matmul 8192 f16 verification: " + r.first().verification().summary());
                double percent = r.first().phase(MatmulPhase.GEMM).percentOfPeak();
                out.printf(Locale.ROOT, "   -> %.1f TFLOPS, %.0f%% of peak%n", r.tflops(), percent);
                check(percent >= 60, String.format(Locale.ROOT, "f16 GEMM at 8192 reached %.0f%% of the dense peak, below 60%%", percent));
            });
            step("%gpu matmul " + size + " --device both", () -> {
                MatmulReport r = (MatmulReport) magic.runLine(ctx, "matmul " + size + " --device both --repeat 3");
                check(r.runs().size() == 2 && r.verified(), "matmul --device both: " + r);
                check(!r.speedups().isEmpty() && r.speedups().get(0).gemm() > 1, "no GEMM speedup of the GPU over the CPU: " + r);
                if (!r.speedups().isEmpty()) out.printf(Locale.ROOT, "   -> GEMM speedup %.1fx, with transfers %.1fx%n",
                        r.speedups().get(0).gemm(), r.speedups().get(0).total());
            });
        }
        step("%gpu bandwidth", () -> {
            String args = cpuOnly ? "bandwidth --sizes 1MB,64MB --device cpu"
                    : "bandwidth --sizes 1MB,64MB,256MB --both --direction h2d,d2h,d2d --device gpu";
            BandwidthReport r = (BandwidthReport) magic.runLine(ctx, args);
            for (String note : r.notes()) check(!note.startsWith("skipped"), "bandwidth: " + note);
            for (BandwidthPoint p : r.points()) {
                check(p.gbps() > 0.5 && p.gbps() < 20000, "implausible bandwidth " + p.series() + " " + ByteSizes.format(p.bytes()) + ": " + p.gbps() + " GB/s");
            }
            if (!cpuOnly) {
                check(r.points().size() == 15, "bandwidth: " + r.points().size() + " of 15 rows measured");
                double h2d = r.peakGBs("pinned h2d");
                out.printf(Locale.ROOT, "   -> pinned h2d %.1f GB/s, pinned d2h %.1f GB/s, d2d %.1f GB/s%n", h2d, r.peakGBs("pinned d2h"), r.peakGBs("device d2d"));
                ProbeFacts.DeviceFacts d = GpuProbe.facts().devices().get(GpuDevices.selected());
                // an idle link may train down to a lower speed to save power: of the reading at probe time and the one
                // just after the sweep, the faster is the link the copies ran on
                io.javagpu.gpu.cuda.PcieLink probed = new io.javagpu.gpu.cuda.PcieLink(d.pcieGeneration(), d.pcieWidth());
                io.javagpu.gpu.cuda.PcieLink after = io.javagpu.gpu.cuda.PcieLink.of(d.pciBusId());
                io.javagpu.gpu.cuda.PcieLink link = after.gigabytesPerSecond() > probed.gigabytesPerSecond() ? after : probed;
                if (link.gigabytesPerSecond() <= 0) {
                    out.println("   -> PCIe check skipped: the link of " + d.pciBusId() + " is unknown (no sysfs current_link_speed/width)");
                } else {
                    out.printf(Locale.ROOT, "   -> PCIe Gen%d x%d: %.1f GB/s per direction, pinned h2d at %.0f%%%n", link.generation(),
                            link.width(), link.gigabytesPerSecond(), 100 * h2d / link.gigabytesPerSecond());
                    check(h2d >= 0.8 * link.gigabytesPerSecond(), String.format(Locale.ROOT,
                            "pinned h2d %.1f GB/s is below 80%% of PCIe Gen%d x%d (%.1f GB/s)", h2d, link.generation(), link.width(), link.gigabytesPerSecond()));
                }
            }
        });
        step("%gpu memory", () -> {
            MemoryReport r = (MemoryReport) magic.runLine(ctx, "memory");
            check(r.gpu() == !cpuOnly, "memory: gpu=" + r.gpu());
        });
        step("Gpu.to round trip", () -> {
            String target = cpuOnly ? "cpu" : "cuda:0";
            check(cpuOnly || Gpu.isAvailable(), "Gpu.isAvailable() is false: " + Gpu.whyNot());
            try (DeviceArray<double[]> x = Gpu.to(new double[]{1.0, 2.0}, target)) {
                check(x.device().equals(target), "device() is " + x.device());
                check(Arrays.equals(x.toHost(), new double[]{1.0, 2.0}), "toHost() gave " + Arrays.toString(x.toHost()));
                out.println("   -> " + x + (cpuOnly ? "" : " on " + Gpu.deviceName()));
            }
            try (DeviceArray<float[]> f = Gpu.to(new float[]{1.5f, -2.5f, 3f}, target)) {
                check(Arrays.equals(f.toHost(), new float[]{1.5f, -2.5f, 3f}), "float round trip");
            }
        });
        step("%%gpu cell timing", () -> {
            CellTiming t = (CellTiming) magic.runCell(ctx, "--device " + (cpuOnly ? "cpu" : "gpu"), "1 + 1");
            check(t.gpu() == !cpuOnly && t.wallMs() >= 0, "cell timing " + t);
        });
        report();
    }

    /** What failed in the last {@link #run}; empty when everything passed. */
    List<String> failures() {
        return failures;
    }

    private void report() {
        out.println();
        if (failures.isEmpty()) {
            out.println("SMOKE TEST PASSED");
        } else {
            out.println("SMOKE TEST FAILED (" + failures.size() + "):");
            for (String f : failures) out.println(" - " + f);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void step(String name, Step step) {
        out.println("-- " + name);
        try {
            step.run();
        } catch (Throwable t) {
            failures.add(name + ": " + t);
        }
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            failures.add(message);
            out.println("   FAIL " + message);
        }
    }
}
