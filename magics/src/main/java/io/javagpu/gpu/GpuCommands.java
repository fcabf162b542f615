package io.javagpu.gpu;

import io.javagpu.display.MimeBundle;
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
import java.util.Locale;
import java.util.UUID;

/** The picocli subcommands of %gpu. Each returns a public result object for {@code var r = %gpu ...}. */
public final class GpuCommands {
    private GpuCommands() {
    }

    /** A subcommand that runs against the notebook. */
    public interface GpuCommand {
        Object run(MagicContext ctx) throws Exception;
    }

    @Command(name = "%gpu", mixinStandardHelpOptions = true, version = "java-gpu-kernel " + GpuDiagnosis.KERNEL_VERSION,
            description = {"See whether a GPU is usable and why not, run cuBLAS matrix products and time transfers.",
                    "Every result says which device did the work; without a usable GPU the magics run on the CPU and say why."},
            subcommands = {Info.class, Matmul.class, Bandwidth.class, Memory.class, Device.class, Binding.class, CommandLine.HelpCommand.class})
    static final class Root {
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Root());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setAbbreviatedOptionsAllowed(false);
        return cl;
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Checks each link of the chain JVM -> kernel -> binding -> CUDA driver -> cuBLAS -> devices,"
                    + " with the error and a fix for a broken link; lists the bindings, the CUDA libraries found and the devices.")
    static final class Info implements GpuCommand {
        @Option(names = "--binding", description = "use this binding from now on (auto, jcuda or foreign), as %%gpu binding does")
        String binding;

        @Override
        public Object run(MagicContext ctx) {
            if (binding != null) CudaBindings.choose(binding);
            GpuDiagnosis.Report r = GpuDiagnosis.run();
            ctx.display().display(GpuDiagnosis.chainTable(r).bundle(GpuDiagnosis.json(r)), null);
            ProbeFacts facts = GpuProbe.facts();
            Object json = BindingViews.json(facts);
            ctx.display().display(BindingViews.bindings(facts).bundle(json), null);
            ctx.display().display(BindingViews.libraries(facts).bundle(json), null);
            if (!r.devices().isEmpty()) ctx.display().display(GpuDiagnosis.deviceTable(r).bundle(GpuDiagnosis.json(r).get("devices")), null);
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
            List<String> dirs = new ArrayList<>();
            for (String dir : directions) {
                String x = dir.trim().toLowerCase(Locale.ROOT);
                if (!List.of("h2d", "d2h", "d2d").contains(x)) throw new MagicException("unknown --direction '" + dir + "': use h2d, d2h, d2d");
                if (!dirs.contains(x)) dirs.add(x);
            }
            if (device.equalsIgnoreCase("both")) throw new MagicException("--device both is for matmul; use gpu or cpu here");
            Backends.Choice choice = Backends.choose(device, false);
            for (String n : choice.notes()) ctx.out().println(n);
            ctx.out().flush();
            GpuBackend b = choice.backends().get(0);
            boolean usePinned = both || pinned || !pageable;
            boolean usePageable = both || pageable;
            List<String> kinds = b.memoryKinds(usePinned, usePageable);
            List<String> bDirs = b.directions(dirs);
            List<String[]> plan = new ArrayList<>();
            for (String dir : bDirs) {
                if (dir.equals("d2d")) {
                    plan.add(new String[]{"device", dir});
                    continue;
                }
                for (String kind : kinds) plan.add(new String[]{kind, dir});
            }
            int total = plan.size() * sweep.size();
            String id = UUID.randomUUID().toString();
            ctx.display().display(GpuViews.progress("bandwidth on " + b.device(), 0, total), id);
            List<BandwidthPoint> points = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            int done = 0;
            for (String[] step : plan) {
                for (long bytes : sweep) {
                    ctx.checkInterrupted();
                    try {
                        points.add(b.copy(bytes, step[0], step[1], ctx::checkInterrupted));
                    } catch (MagicException | OutOfMemoryError e) {
                        skipped.add("skipped " + ByteSizes.format(bytes) + " " + step[0] + " " + step[1] + ": " + e.getMessage());
                    }
                    done++;
                    ctx.display().update(GpuViews.progress("bandwidth on " + b.device(), done, total), id);
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
            for (MimeBundle view : GpuViews.bandwidth(report)) ctx.display().display(view, null);
            return report;
        }
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
