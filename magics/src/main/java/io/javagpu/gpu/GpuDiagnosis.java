package io.javagpu.gpu;

import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks the chain notebook -> JVM -> kernel -> JCuda natives -> CUDA driver -> CUDA runtime -> cuBLAS -> devices
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

        GpuProbe.Status s = GpuProbe.refresh();
        if (s.nativesLoaded()) {
            links.add(new Link("JCuda natives", true, "JCuda 12.6.0 runtime library loaded from " + s.nativesPath(), "", ""));
        } else {
            links.add(new Link("JCuda natives", false, "not loaded", s.nativesError(), Fixes.NATIVES_FIX));
        }

        if (!s.nativesLoaded()) {
            links.add(new Link("CUDA driver", false, "unknown (JCuda natives missing)", "", "fix the JCuda natives first"));
        } else if (s.driverVersion() == 0) {
            links.add(new Link("CUDA driver", false, "none (cudaDriverGetVersion = 0: libcuda.so.1 not found)",
                    "cudaErrorInsufficientDriver", Fixes.DRIVER_FIX));
        } else if (s.driverVersion() < 12000) {
            links.add(new Link("CUDA driver", false, "supports CUDA " + GpuProbe.formatVersion(s.driverVersion()),
                    "cudaErrorInsufficientDriver", "update the NVIDIA driver to >= 525 (CUDA 12); `nvidia-smi` shows the current version"));
        } else {
            links.add(new Link("CUDA driver", true, "supports CUDA " + GpuProbe.formatVersion(s.driverVersion()), "", ""));
        }

        if (s.nativesLoaded()) {
            boolean ok = s.countError() == 0;
            links.add(new Link("CUDA runtime", ok, "CUDA " + GpuProbe.formatVersion(s.runtimeVersion()) + " (linked into JCuda)"
                    + (ok ? "" : "; cudaGetDeviceCount: " + s.countErrorText()),
                    ok ? "" : s.countErrorName(), ok ? "" : Fixes.errorFix(s.countErrorName(), s.driverVersion())));
        } else {
            links.add(new Link("CUDA runtime", false, "not loaded", "", "fix the JCuda natives first"));
        }

        links.add(cublasLink(s));

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

    private static Link cublasLink(GpuProbe.Status s) {
        try {
            CublasLocator.LoadResult r = Cublas.load();
            String libName = new CublasLocator(CublasLocator.Environment.system()).cublasName();
            if (!r.ok()) {
                String what = r.errors().isEmpty() ? "not found: looked in " + r.search().lookedSummary()
                        : "found but failed to load: " + String.join("; ", r.errors());
                return new Link("cuBLAS", false, what, libName + " missing", Fixes.CUBLAS_FIX);
            }
            String detail = r.loaded().cublas() + " (" + r.loaded().source() + ")";
            if (s.usable()) {
                cublasHandle h = new cublasHandle();
                try {
                    int created = JCublas2.cublasCreate(h);
                    if (created == 0) {
                        int[] v = new int[1];
                        JCublas2.cublasGetVersion(h, v);
                        detail = "cuBLAS " + (v[0] / 10000) + "." + (v[0] / 100 % 100) + "." + (v[0] % 100) + ", " + detail;
                    } else {
                        return new Link("cuBLAS", false, detail, jcuda.jcublas.cublasStatus.stringFor(created),
                                "check the driver (>= 525) and `nvidia-smi`");
                    }
                } finally {
                    JCublas2.cublasDestroy(h);
                }
            } else {
                detail = "loaded " + detail + " (version needs a device)";
            }
            return new Link("cuBLAS", true, detail, "", "");
        } catch (Throwable t) {
            return new Link("cuBLAS", false, "JCublas2 failed", t.toString(), Fixes.CUBLAS_FIX);
        }
    }

    public static GpuTable chainTable(Report r) {
        GpuTable t = new GpuTable("GPU chain: notebook → JVM → kernel → JCuda → CUDA driver → runtime → cuBLAS → device",
                List.of("", "link", "status", "error", "fix"));
        for (Link l : r.links()) t.row(l.ok() ? "✓" : "✗", l.name(), l.detail(), l.error(), l.fix());
        Link broken = r.firstBroken();
        String summary = broken == null ? "Every link works: %gpu matmul runs on the GPU."
                : "First broken link: " + broken.name() + ". %gpu magics run on the CPU (labelled) until it is fixed.";
        t.note(summary);
        StringBuilder plain = new StringBuilder("GPU chain: notebook → JVM → kernel → JCuda → CUDA driver → runtime → cuBLAS → device\n");
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
