package io.javagpu.gpu;

import io.javagpu.display.MimeBundle;
import io.javagpu.display.ProgressBar;
import io.javagpu.magics.MagicContext;
import io.javagpu.magics.MagicException;
import io.javagpu.gpu.cuda.CudaBinding;
import io.javagpu.gpu.cuda.CudaBindings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The picocli subcommands of %gpu. Each returns a public result object for {@code var r = %gpu ...}. */
public final class GpuCommands {
    private GpuCommands() {
    }

    /** A subcommand that runs against the notebook. */
    public interface GpuCommand {
        Object run(MagicContext ctx) throws Exception;
    }

    @Command(name = "%gpu", mixinStandardHelpOptions = true, versionProvider = GpuCommands.KernelVersion.class,
            description = {"See whether a GPU is usable and why not, run cuBLAS matrix products and time transfers.",
                    "Every result says which device did the work; without a usable GPU the magics run on the CPU and say why."},
            subcommands = {Info.class, Matmul.class, Bandwidth.class, Memory.class, Device.class, Binding.class, CommandLine.HelpCommand.class})
    static final class Root {
    }

    /** picocli's --version: the kernel's version as the build wrote it. */
    static final class KernelVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"java-gpu-kernel " + GpuDiagnosis.KERNEL_VERSION};
        }
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Root());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setAbbreviatedOptionsAllowed(false);
        return cl;
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Checks each link of the chain notebook -> JVM -> kernel -> binding -> CUDA driver -> device init -> cuBLAS"
                    + " -> devices, with the error and a fix for a broken link, and lists the devices, the binding and the libraries.")
    static final class Info implements GpuCommand {
        @Option(names = "--binding", description = "use this binding from now on (auto, jcuda or foreign), as %%gpu binding does")
        String binding;

        @Override
        public Object run(MagicContext ctx) {
            if (binding != null) CudaBindings.choose(binding);
            GpuDiagnosis.Report r = GpuDiagnosis.run();
            for (MimeBundle view : InfoView.of(r)) ctx.display().display(view, null);
            return r;
        }
    }

    @Command(name = "binding", mixinStandardHelpOptions = true,
            description = "Shows or sets the CUDA binding: auto (foreign on JDK 22+ where libcuda.so.1 loads, else JCuda), jcuda or foreign.")
    static final class Binding implements GpuCommand {
        @Parameters(arity = "0..1", paramLabel = "NAME", description = "auto, jcuda or foreign (omit to show the active one)")
        String name;

        @Override
        public Object run(MagicContext ctx) {
            if (name != null) {
                CudaBindings.choose(name);
                GpuProbe.refresh();
            }
            ProbeFacts facts = GpuProbe.facts();
            ProbeFacts.Binding active = facts.bindings().stream().filter(ProbeFacts.Binding::active).findFirst().orElse(null);
            String text = active == null ? "no binding is active: " + GpuProbe.status().whyNot()
                    : "binding: " + active.name() + " (" + active.reason() + ")";
            ctx.out().println(text);
            return active == null ? null : active.name();
        }
    }

    @Command(name = "matmul", mixinStandardHelpOptions = true,
            description = "Times C = A x B with cuBLAS (or the Java CPU GEMM) per phase (host init, H2D A, H2D B, GEMM, D2H C, total):"
                    + " median/min/stdev over the repetitions, TFLOPS and %% of peak; verifies C against an f64 CPU reference.")
    static final class Matmul implements GpuCommand {
        @Parameters(arity = "0..*", paramLabel = "SIZE", description = "N (square) or MxNxK, e.g. 512 or 256x512x1024 (default 1024)")
        List<String> sizes = new ArrayList<>();

        @Option(names = "--dtype", defaultValue = "f32", description = "f32, f64, tf32, f16 or bf16 (default ${DEFAULT-VALUE})")
        String dtype;

        @Option(names = "--warmup", defaultValue = "2", description = "untimed runs first (default ${DEFAULT-VALUE})")
        int warmup;

        @Option(names = "--repeat", defaultValue = "5", description = "timed runs (default ${DEFAULT-VALUE})")
        int repeat;

        @Option(names = "--device", defaultValue = "auto", description = "auto, gpu, cpu or both (default ${DEFAULT-VALUE})")
        String device;

        @Override
        public Object run(MagicContext ctx) throws Exception {
            Dtype d = Dtype.parse(dtype);
            if (warmup < 0 || warmup > 100) throw new MagicException("--warmup must be between 0 and 100, not " + warmup);
            if (repeat < 1 || repeat > 1000) throw new MagicException("--repeat must be between 1 and 1000, not " + repeat);
            List<MatmulShape> shapes = new ArrayList<>();
            for (String s : sizes.isEmpty() ? List.of("1024") : sizes) shapes.add(MatmulShape.parse(s));
            Backends.Choice choice = Backends.choose(device, true);
            for (String n : choice.notes()) ctx.out().println(n);
            ctx.out().flush();
            List<MatmulRun> runs = new ArrayList<>();
            for (MatmulShape shape : shapes) {
                MatmulRun gpuRun = null;
                for (GpuBackend b : choice.backends()) {
                    ctx.checkInterrupted();
                    MatmulRun run = b.matmul(shape, d, warmup, repeat, ctx::checkInterrupted);
                    runs.add(run);
                    ctx.display().display(GpuViews.matmul(run, b.isGpu() ? List.of() : choice.notes()), null);
                    if (b.isGpu()) gpuRun = run;
                    else if (gpuRun != null) ctx.display().display(GpuViews.comparison(gpuRun, run), null);
                }
            }
            return new MatmulReport(runs, choice.notes());
        }
    }

    @Command(name = "bandwidth", mixinStandardHelpOptions = true,
            description = "Sweeps copy sizes and reports GB/s (decimal): host<->device copies timed with CUDA events on the GPU"
                    + " (pinned and/or pageable host memory), or memory copies (heap arrays, direct buffers) on the CPU; table and chart.")
    static final class Bandwidth implements GpuCommand {
        @Option(names = "--sizes", defaultValue = "4KB..256MB", description = "FROM..TO (powers of 4) or a list 1MB,8MB (default ${DEFAULT-VALUE})")
        String sizes;

        @Option(names = "--pinned", description = "pinned host memory (cudaMallocHost), the default")
        boolean pinned;

        @Option(names = "--pageable", description = "pageable host memory (a direct ByteBuffer)")
        boolean pageable;

        @Option(names = "--both", description = "pinned and pageable")
        boolean both;

        @Option(names = "--direction", defaultValue = "h2d,d2h", split = ",", description = "h2d, d2h and/or d2d (default ${DEFAULT-VALUE})")
        List<String> directions;

        @Option(names = "--device", defaultValue = "auto", description = "auto, gpu or cpu (default ${DEFAULT-VALUE})")
        String device;

        @Override
        public Object run(MagicContext ctx) throws Exception {
            List<Long> sweep = ByteSizes.parseSweep(sizes);
            List<Direction> dirs = new ArrayList<>();
            for (String dir : directions) {
                Direction x = Direction.parseGpu(dir);
                if (x == null) throw new MagicException("unknown --direction '" + dir + "': use h2d, d2h, d2d");
                if (!dirs.contains(x)) dirs.add(x);
            }
            if (device.equalsIgnoreCase("both")) throw new MagicException("--device both is for matmul; use gpu or cpu here");
            Backends.Choice choice = Backends.choose(device, false);
            for (String n : choice.notes()) ctx.out().println(n);
            ctx.out().flush();
            GpuBackend b = choice.backends().get(0);
            boolean usePinned = both || pinned || !pageable;
            boolean usePageable = both || pageable;
            List<MemoryKind> kinds = b.memoryKinds(usePinned, usePageable);
            List<Direction> bDirs = b.directions(dirs);
            List<Step> plan = new ArrayList<>();
            for (Direction dir : bDirs) {
                if (dir == Direction.D2D) {
                    plan.add(new Step(MemoryKind.DEVICE, dir));
                    continue;
                }
                for (MemoryKind kind : kinds) plan.add(new Step(kind, dir));
            }
            List<BandwidthPoint> points = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            try (ProgressBar progress = new ProgressBar(ctx.display(), (long) plan.size() * sweep.size(), "bandwidth on " + b.device())) {
                for (Step step : plan) {
                    for (long bytes : sweep) {
                        ctx.checkInterrupted();
                        try {
                            points.add(b.copy(bytes, step.memory(), step.direction(), ctx::checkInterrupted));
                        } catch (GpuException | OutOfMemoryError e) {
                            skipped.add("skipped " + ByteSizes.format(bytes) + " " + step.memory() + " " + step.direction() + ": " + e.getMessage());
                        }
                        progress.step();
                    }
                }
            }
            if (points.isEmpty()) throw new MagicException("no size could be measured: " + String.join("; ", skipped));
            List<String> notes = new ArrayList<>(choice.notes());
            notes.addAll(skipped);
            if (b.isGpu()) {
                notes.add("GB/s = bytes / s / 1e9, median of 5 samples after a warm-up batch. pinned and d2d: CUDA events around a"
                        + " batch of async copies on one stream; pageable: the host clock around synchronous copies (the driver"
                        + " stages them through its own pinned buffer). d2d counts bytes read + written (not HBM bandwidth)");
            } else {
                notes.add("CPU memory copies (System.arraycopy between heap arrays; ByteBuffer.put between direct buffers), wall clock,"
                        + " GB/s = bytes copied / s / 1e9; the GPU directions " + dirs + " do not apply on the CPU");
            }
            BandwidthReport report = new BandwidthReport(b.device(), b.isGpu(), points, notes);
            Optional<PcieLink> link = b.isGpu() ? GpuProbe.facts().devices().stream()
                    .filter(d -> d.index() == GpuDevices.selected()).findFirst().flatMap(PcieLink::of) : Optional.empty();
            for (MimeBundle view : GpuViews.bandwidth(report, link)) ctx.display().display(view, null);
            return report;
        }
    }

    /** One series of the sweep: a memory kind and a direction. */
    private record Step(MemoryKind memory, Direction direction) {
    }

    @Command(name = "memory", mixinStandardHelpOptions = true,
            description = "Free and total memory of the selected CUDA device, or the Java heap when no GPU is usable.")
    static final class Memory implements GpuCommand {
        @Override
        public Object run(MagicContext ctx) {
            List<MemoryReport.Entry> entries = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            boolean gpu = Gpu.isAvailable();
            if (gpu) {
                int index = GpuDevices.selected();
                CudaBinding.MemoryInfo m = GpuDevices.memoryOfSelected();
                entries.add(new MemoryReport.Entry("cuda:" + index + " (" + GpuDevices.info(index).name() + ")", m.total(), m.free()));
                if (Gpu.deviceCount() > 1) notes.add("the selected device only (%gpu device N selects another): reading another"
                        + " device's memory would create a context on it");
            } else {
                Runtime rt = Runtime.getRuntime();
                entries.add(new MemoryReport.Entry("cpu (JVM heap, max -Xmx)", rt.maxMemory(), MemoryPlan.availableHeap()));
                notes.add("showing the Java heap because no GPU is usable: " + Gpu.whyNot());
            }
            MemoryReport r = new MemoryReport(gpu, entries, notes);
            ctx.display().display(GpuViews.memory(r), null);
            return r;
        }
    }

    @Command(name = "device", mixinStandardHelpOptions = true, description = "Selects the CUDA device used by %%gpu and Gpu.to(..., \"cuda\").")
    static final class Device implements GpuCommand {
        @Parameters(arity = "0..1", paramLabel = "N", description = "device index (omit to show the current one)")
        Integer index;

        @Override
        public Object run(MagicContext ctx) throws Exception {
            if (!Gpu.isAvailable()) throw new MagicException("no usable GPU, so no device to select: " + Gpu.whyNot());
            if (index != null) {
                try {
                    GpuDevices.select(index);
                } catch (IllegalArgumentException e) {
                    throw new MagicException(e.getMessage());
                }
            }
            String d = "cuda:" + GpuDevices.selected() + " (" + GpuDevices.info(GpuDevices.selected()).name() + ")";
            ctx.out().println((index == null ? "current device: " : "selected ") + d);
            return d;
        }
    }
}
