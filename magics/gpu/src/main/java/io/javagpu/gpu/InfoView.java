package io.javagpu.gpu;

import io.javagpu.display.MimeBundle;
import io.javagpu.display.Numbers;
import io.javagpu.display.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@code %gpu info} shows: the chain, the devices with their peaks, and the binding and libraries. */
public final class InfoView {
    static final String CHAIN_TITLE = "GPU chain: notebook → JVM → kernel → binding → CUDA driver → device init → cuBLAS → devices";
    private static final List<Dtype> PEAK_DTYPES = List.of(Dtype.F32, Dtype.TF32, Dtype.F16, Dtype.F64);

    private InfoView() {
    }

    /** The chain table, then the device table when there are devices, then the binding and libraries. */
    public static List<MimeBundle> of(GpuDiagnosis.Report r) {
        List<MimeBundle> views = new ArrayList<>();
        views.add(chain(r));
        if (!r.devices().isEmpty()) views.add(devices(r));
        views.add(libraries(r.facts()));
        return views;
    }

    static MimeBundle chain(GpuDiagnosis.Report r) {
        Table.Builder t = Table.builder().title(CHAIN_TITLE).columns("", "link", "status", "error", "fix");
        StringBuilder plain = new StringBuilder(CHAIN_TITLE).append('\n');
        for (GpuDiagnosis.Link l : r.links()) {
            t.row(mark(l.ok()), l.name(), l.detail(), l.error(), l.fix());
            plain.append(mark(l.ok())).append(' ').append(String.format("%-14s", l.name())).append(l.detail()).append('\n');
            if (!l.error().isEmpty()) plain.append("    error: ").append(l.error()).append('\n');
            if (!l.fix().isEmpty()) plain.append("    fix:   ").append(l.fix()).append('\n');
        }
        String summary = summary(r);
        t.note(summary).plainText(plain.append(summary).toString());
        return t.build().toBundle(json(r));
    }

    private static String summary(GpuDiagnosis.Report r) {
        if (r.gpuUsable(true)) return "Every link works: %gpu matmul and bandwidth run on the GPU.";
        if (r.usable()) return "The GPU works for copies (%gpu bandwidth, Gpu.to); %gpu matmul runs on the CPU (labelled) until cuBLAS is fixed.";
        return "First broken link: " + r.firstBroken().name() + ". %gpu magics run on the CPU (labelled) until it is fixed.";
    }

    private static String mark(boolean ok) {
        return ok ? "✓" : "✗";
    }

    static MimeBundle devices(GpuDiagnosis.Report r) {
        String visible = r.facts().environment().get("CUDA_VISIBLE_DEVICES");
        Table.Builder t = Table.builder().title("CUDA devices (CUDA_VISIBLE_DEVICES " + (visible == null ? "unset" : "'" + visible + "'") + ")")
                .columns("index", "name", "compute capability", "SMs", "memory", "SM clock", "PCI bus id", "PCIe link",
                        "memory bandwidth", "FP32 peak", "TF32 peak", "FP16/BF16 peak", "FP64 peak");
        List<String> bases = new ArrayList<>();
        List<Object> json = new ArrayList<>();
        for (ProbeFacts.DeviceFacts d : r.devices()) {
            Optional<Peak> memory = Peaks.memoryGBs(d.name(), d.major(), d.minor(), d.multiprocessors(), d.memoryClockKHz(), d.memoryBusWidth());
            List<Object> row = new ArrayList<>(List.of(String.valueOf(d.index()), d.name(), d.major() + "." + d.minor(),
                    String.valueOf(d.multiprocessors()), MemoryPlan.mib(d.totalMemory()), d.clockKHz() / 1000 + " MHz", d.pciBusId(),
                    pcie(d), memory.map(p -> Numbers.fixed(p.value(), 0) + " GB/s").orElse("")));
            memory.ifPresent(p -> addBasis(bases, "memory bandwidth of cuda:" + d.index() + ": " + p.basis()));
            Map<String, Object> peaks = new LinkedHashMap<>();
            for (Dtype dtype : PEAK_DTYPES) {
                Optional<Peak> peak = Peaks.tflops(d.name(), d.major(), d.minor(), d.multiprocessors(), d.clockKHz(), dtype);
                row.add(peak.map(p -> Numbers.fixed(p.value(), 1) + " TFLOPS").orElse(""));
                peak.ifPresent(p -> addBasis(bases, "peaks of cuda:" + d.index() + ": " + p.basis()));
                peaks.put(dtype.label(), peak.map(Peak::value).orElse(null));
            }
            t.row(row);
            json.add(deviceJson(d, memory, peaks));
        }
        t.notes(bases).note("Empty peak: the kernel does not know this device's figure and shows none rather than a guess.");
        return t.build().toBundle(json);
    }

    private static void addBasis(List<String> bases, String basis) {
        if (!bases.contains(basis)) bases.add(basis);
    }

    private static String pcie(ProbeFacts.DeviceFacts d) {
        return PcieLink.of(d).map(link -> link + link.gbsPerDirection().stream()
                .mapToObj(gbs -> " (" + Numbers.fixed(gbs, 1) + " GB/s per direction)").findFirst().orElse("")).orElse("");
    }

    private static Map<String, Object> deviceJson(ProbeFacts.DeviceFacts d, Optional<Peak> memory, Map<String, Object> peaks) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("index", d.index());
        x.put("name", d.name());
        x.put("computeCapability", d.major() + "." + d.minor());
        x.put("multiprocessors", d.multiprocessors());
        x.put("totalMemoryBytes", d.totalMemory());
        x.put("clockKHz", d.clockKHz());
        x.put("memoryClockKHz", d.memoryClockKHz());
        x.put("memoryBusWidthBits", d.memoryBusWidth());
        x.put("pciBusId", d.pciBusId());
        x.put("pcieGeneration", d.pcieGeneration());
        x.put("pcieWidth", d.pcieWidth());
        x.put("pcieGBsPerDirection", PcieLink.of(d).flatMap(link -> link.gbsPerDirection().stream().boxed().findFirst()).orElse(null));
        x.put("memoryBandwidthGBs", memory.map(Peak::value).orElse(null));
        x.put("peakTflops", peaks);
        return x;
    }

    static MimeBundle libraries(ProbeFacts f) {
        Table.Builder t = Table.builder().title("binding and libraries").columns("", "name", "path", "version", "status");
        for (ProbeFacts.Binding b : f.bindings()) {
            String status = b.active() ? "active: " + b.reason() : b.available() ? "available, not used" : "unavailable: " + b.whyNot();
            t.row(b.active() ? "✓" : b.available() ? "" : "✗", "binding " + b.name() + ": " + b.description(), "", "", status);
        }
        for (ProbeFacts.Library l : f.libraries()) {
            boolean failed = l.error() != null || !l.missingSymbols().isEmpty();
            t.row(l.loaded() && !failed ? "✓" : failed ? "✗" : "", l.name(), l.path() == null ? "" : l.path(),
                    l.version() == null ? "" : l.version(), status(l));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bindings", f.bindings().stream().map(InfoView::bindingJson).toList());
        json.put("libraries", f.libraries().stream().map(InfoView::libraryJson).toList());
        ProbeFacts.Status sticky = f.sticky();
        json.put("sticky", sticky == null ? null : sticky.name() + " (" + sticky.code() + ") in " + sticky.call() + ": restart the kernel");
        return t.build().toBundle(json);
    }

    private static Map<String, Object> bindingJson(ProbeFacts.Binding b) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("name", b.name());
        x.put("description", b.description());
        x.put("available", b.available());
        x.put("whyNot", b.whyNot());
        x.put("active", b.active());
        x.put("reason", b.reason());
        return x;
    }

    private static Map<String, Object> libraryJson(ProbeFacts.Library l) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("name", l.name());
        x.put("path", l.path());
        x.put("version", l.version());
        x.put("loaded", l.loaded());
        x.put("error", l.error());
        x.put("missingSymbols", l.missingSymbols());
        x.put("looked", l.looked());
        return x;
    }

    private static String status(ProbeFacts.Library l) {
        if (!l.missingSymbols().isEmpty()) return "lacks " + String.join(", ", l.missingSymbols());
        if (l.error() != null) return "failed to load: " + l.error();
        if (l.loaded()) return "loaded";
        return l.path() == null ? "not found" + (l.looked() == null || l.looked().isEmpty() ? "" : " (looked in " + l.looked() + ")") : "found, not loaded";
    }

    private static Map<String, Object> json(GpuDiagnosis.Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> links = new ArrayList<>();
        for (GpuDiagnosis.Link l : r.links()) {
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
        for (ProbeFacts.DeviceFacts d : r.devices()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("index", d.index());
            x.put("name", d.name());
            x.put("computeCapability", d.major() + "." + d.minor());
            x.put("multiprocessors", d.multiprocessors());
            x.put("totalMemoryBytes", d.totalMemory());
            x.put("pciBusId", d.pciBusId());
            devices.add(x);
        }
        m.put("devices", devices);
        m.put("cudaVisibleDevices", r.facts().environment().get("CUDA_VISIBLE_DEVICES"));
        m.put("allOk", r.allOk());
        m.put("usable", r.usable());
        m.put("cublasUsable", r.gpuUsable(true));
        return m;
    }

}
