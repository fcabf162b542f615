package io.javagpu.gpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks the chain notebook -> JVM -> kernel -> CUDA binding -> CUDA driver -> cuBLAS -> devices
 * and reports one link per row with ✓/✗, the error name and a concrete fix. Never throws.
 */
public final class GpuDiagnosis {
    public static final String KERNEL_VERSION = io.javagpu.magics.Version.VERSION;

    private GpuDiagnosis() {
    }

    /** One link of the chain. {@code error} and {@code fix} are empty for a working link. */
    public record Link(String name, boolean ok, String detail, String error, String fix) {
    }

    /** The chain and the devices. */
    public record Report(List<Link> links, List<DeviceInfo> devices, String visibleDevices) {
        public boolean allOk() {
            return links.stream().allMatch(Link::ok);
        }

        public Link link(String name) {
            for (Link l : links) if (l.name().equals(name)) return l;
            throw new IllegalArgumentException("no link " + name);
        }

        /** The first broken link, or null. */
        public Link firstBroken() {
            for (Link l : links) if (!l.ok()) return l;
            return null;
        }

        @Override
        public String toString() {
            Link broken = firstBroken();
            return "GpuDiagnosis[" + (broken == null ? "all links ok, " + devices.size() + " device(s)"
                    : broken.name() + " broken: " + broken.error() + "; fix: " + broken.fix()) + "]";
        }
    }

    public static Report run() {
        List<Link> links = new ArrayList<>();
        links.add(new Link("JVM", true, "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")", "", ""));
        String version = GpuDiagnosis.class.getPackage() == null ? null : GpuDiagnosis.class.getPackage().getImplementationVersion();
        links.add(new Link("kernel", true, "java-gpu-kernel " + (version == null ? KERNEL_VERSION : version), "", ""));

        ProbeFacts facts = GpuProbe.refresh();
        GpuProbe.Status s = GpuProbe.status();
        ProbeFacts.Binding binding = facts.bindings().stream().filter(ProbeFacts.Binding::active).findFirst().orElse(null);
        if (binding != null) {
            links.add(new Link("binding", true, binding.name() + " (" + binding.reason() + ")", "", ""));
        } else {
            links.add(new Link("binding", false, "no CUDA binding can be used", s.nativesError(), Fixes.NATIVES_FIX));
        }

        if (!s.nativesLoaded()) {
            links.add(new Link("CUDA driver", false, "unknown (no binding)", "", "fix the binding first"));
        } else if (s.driverVersion() == 0) {
            links.add(new Link("CUDA driver", false, "none (driver version 0: libcuda.so.1 not found)",
                    s.countErrorName(), Fixes.DRIVER_FIX));
        } else if (s.driverVersion() < 12000) {
            links.add(new Link("CUDA driver", false, "supports CUDA " + GpuProbe.formatVersion(s.driverVersion()),
                    "cudaErrorInsufficientDriver", "update the NVIDIA driver to >= 525 (CUDA 12); `nvidia-smi` shows the current version"));
        } else {
            boolean ok = s.countError() == 0;
            links.add(new Link("CUDA driver", ok, "supports CUDA " + GpuProbe.formatVersion(s.driverVersion())
                    + (ok ? "" : "; " + facts.init().call() + ": " + s.countErrorText()),
                    ok ? "" : s.countErrorName(), ok ? "" : Fixes.errorFix(s.countErrorName(), s.driverVersion())));
        }

        links.add(cublasLink(facts));
        if (facts.sticky() != null) links.add(new Link("GPU context", false, "broken", facts.sticky().name(), s.sticky()));

        if (s.usable()) {
            links.add(new Link("devices", true, s.deviceCount() + " device(s); selected cuda:" + GpuDevices.selected(), "", ""));
        } else {
            boolean runtimeFailed = !s.nativesLoaded() || s.countError() != 0;
            links.add(new Link("devices", false, runtimeFailed ? "0 (the runtime cannot count devices, see above)" : "0",
                    s.nativesLoaded() ? s.countErrorName() : "", runtimeFailed ? "fix the first broken link above" : Fixes.noDeviceFix()));
        }

        List<DeviceInfo> devices = new ArrayList<>();
        if (s.usable()) {
            try {
                devices.addAll(GpuDevices.all());
            } catch (Throwable t) {
                links.add(new Link("device properties", false, "could not read", t.toString(), "check `nvidia-smi`"));
            }
        }
        return new Report(List.copyOf(links), List.copyOf(devices), GpuDevices.visibleDevices());
    }

    private static Link cublasLink(ProbeFacts facts) {
        io.javagpu.gpu.cuda.CudaBinding binding = GpuProbe.binding();
        if (binding == null) return new Link("cuBLAS", false, "unknown (no binding)", "", "fix the binding first");
        String why = binding.blasWhyNot();
        if (why != null) return new Link("cuBLAS", false, why, "libcublas missing", Fixes.CUBLAS_FIX);
        ProbeFacts.Library lib = facts.libraries().stream().filter(l -> l.loaded() && l.name().startsWith("libcublas.")).findFirst().orElse(null);
        return new Link("cuBLAS", true, lib == null ? "loaded" : "cuBLAS " + lib.version() + ", " + lib.path() + " (" + lib.looked() + ")", "", "");
    }

    public static GpuTable chainTable(Report r) {
        GpuTable t = new GpuTable("GPU chain: notebook → JVM → kernel → binding → CUDA driver → cuBLAS → device",
                List.of("", "link", "status", "error", "fix"));
        for (Link l : r.links()) t.row(l.ok() ? "✓" : "✗", l.name(), l.detail(), l.error(), l.fix());
        Link broken = r.firstBroken();
        String summary = broken == null ? "Every link works: %gpu matmul runs on the GPU."
                : "First broken link: " + broken.name() + ". %gpu magics run on the CPU (labelled) until it is fixed.";
        t.note(summary);
        StringBuilder plain = new StringBuilder("GPU chain: notebook → JVM → kernel → binding → CUDA driver → cuBLAS → device\n");
        for (Link l : r.links()) {
            plain.append(l.ok() ? "✓ " : "✗ ").append(String.format("%-14s", l.name())).append(l.detail()).append('\n');
            if (!l.error().isEmpty()) plain.append("    error: ").append(l.error()).append('\n');
            if (!l.fix().isEmpty()) plain.append("    fix:   ").append(l.fix()).append('\n');
        }
        plain.append(summary);
        return t.plainText(plain.toString());
    }

    public static GpuTable deviceTable(Report r) {
        GpuTable t = new GpuTable("CUDA devices (CUDA_VISIBLE_DEVICES " + r.visibleDevices() + ")",
                List.of("index", "name", "compute capability", "SMs", "memory total", "memory free", "SM clock", "memory clock",
                        "bus width", "PCI bus id", "memory bandwidth (theoretical)", "FP32 peak (theoretical)"));
        for (DeviceInfo d : r.devices()) {
            t.row(d.index(), d.name(), d.computeCapability(), d.multiprocessors(), MemoryPlan.mib(d.totalMemory()),
                    d.freeMemory() < 0 ? "?" : MemoryPlan.mib(d.freeMemory()), d.clockKHz() / 1000 + " MHz",
                    d.memoryClockKHz() / 1000 + " MHz", d.memoryBusWidth() + " bit", d.pciBusId(),
                    GpuTable.num(d.memoryBandwidthGBs(), 0) + " GB/s", GpuTable.num(d.fp32PeakTflops(), 1) + " TFLOPS");
        }
        return t;
    }

    public static Map<String, Object> json(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> links = new ArrayList<>();
        for (Link l : r.links()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("link", l.name());
            x.put("ok", l.ok());
            x.put("detail", l.detail());
            x.put("error", l.error());
            x.put("fix", l.fix());
            links.add(x);
        }
        m.put("links", links);
        List<Object> devices = new ArrayList<>();
        for (DeviceInfo d : r.devices()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("index", d.index());
            x.put("name", d.name());
            x.put("computeCapability", d.computeCapability());
            x.put("multiprocessors", d.multiprocessors());
            x.put("totalMemoryBytes", d.totalMemory());
            x.put("freeMemoryBytes", d.freeMemory());
            x.put("clockKHz", d.clockKHz());
            x.put("memoryClockKHz", d.memoryClockKHz());
            x.put("memoryBusWidthBits", d.memoryBusWidth());
            x.put("pciBusId", d.pciBusId());
            x.put("memoryBandwidthGBs", GpuTable.json(d.memoryBandwidthGBs()));
            x.put("fp32PeakTflops", GpuTable.json(d.fp32PeakTflops()));
            devices.add(x);
        }
        m.put("devices", devices);
        m.put("cudaVisibleDevices", System.getenv("CUDA_VISIBLE_DEVICES"));
        m.put("allOk", r.allOk());
        return m;
    }
}
