package io.javagpu.gpu;

import io.javagpu.display.Html;
import io.javagpu.display.MimeBundle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns GPU results into display bundles (text/html, text/plain, application/json with raw numbers). */
public final class GpuViews {
    private GpuViews() {
    }

    public static MimeBundle matmul(MatmulRun run, List<String> extraNotes) {
        GpuTable t = new GpuTable("matmul " + run.shape() + " (M=" + run.shape().m() + ", N=" + run.shape().n() + ", K=" + run.shape().k()
                + ") " + run.dtype() + " on " + run.device(),
                List.of("phase", "median ms", "min ms", "stdev ms", "rate", "% of peak"));
        for (Phase p : run.phases()) {
            String rate = Double.isNaN(p.rate()) ? "" : GpuTable.num(p.rate(), p.unit().equals("TFLOPS") ? 3 : 2) + " " + p.unit();
            if (p.unit().equals("TFLOPS") && !Double.isNaN(p.rate())) rate += " (" + GpuTable.num(p.rate() * 1e3, 1) + " GFLOP/s)";
            t.row(p.name(), GpuTable.ms(p.ms().median()), GpuTable.ms(p.ms().min()), p.ms().count() > 1 ? GpuTable.ms(p.ms().stdev()) : "", rate,
                    Double.isNaN(p.percentOfPeak()) ? "" : GpuTable.num(p.percentOfPeak(), 1) + " %");
        }
        t.note("device: " + run.device() + (run.gpu() ? " (GPU)" : " (CPU)") + "; dtype " + run.dtype() + ": " + run.dtype().description()
                + "; " + run.phase("GEMM").ms().count() + " timed runs" + (run.gpu() ? " (CUDA events)" : " (wall clock)"));
        if (run.verification() != null) t.note((run.verification().passed() ? "✓ verification " : "✗ verification ") + run.verification().summary());
        for (String n : run.notes()) t.note(n);
        for (String n : extraNotes) t.note(n);
        return t.bundle(matmulJson(run, extraNotes));
    }

    static Map<String, Object> matmulJson(MatmulRun run, List<String> extraNotes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("m", run.shape().m());
        m.put("n", run.shape().n());
        m.put("k", run.shape().k());
        m.put("dtype", run.dtype().label());
        m.put("device", run.device());
        m.put("gpu", run.gpu());
        if (run.cpuLibrary() != null) m.put("cpuLibrary", run.cpuLibrary());
        List<Object> phases = new ArrayList<>();
        for (Phase p : run.phases()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("phase", p.name());
            x.put("medianMs", GpuTable.json(p.ms().median()));
            x.put("minMs", GpuTable.json(p.ms().min()));
            x.put("maxMs", GpuTable.json(p.ms().max()));
            x.put("stdevMs", GpuTable.json(p.ms().stdev()));
            x.put("samples", p.ms().count());
            x.put("rate", GpuTable.json(p.rate()));
            x.put("unit", p.unit());
            x.put("percentOfPeak", GpuTable.json(p.percentOfPeak()));
            phases.add(x);
        }
        m.put("phases", phases);
        Verification v = run.verification();
        if (v != null) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("passed", v.passed());
            x.put("maxError", GpuTable.json(v.maxError()));
            x.put("tolerance", v.tolerance());
            x.put("rowsChecked", v.rowsChecked());
            x.put("rowsTotal", v.rowsTotal());
            x.put("reference", v.reference());
            m.put("verification", x);
        }
        List<String> notes = new ArrayList<>(run.notes());
        notes.addAll(extraNotes);
        m.put("notes", notes);
        return m;
    }

    public static MimeBundle comparison(MatmulRun gpu, MatmulRun cpu) {
        GpuTable t = new GpuTable("GPU vs CPU, matmul " + gpu.shape() + " " + gpu.dtype(),
                List.of("", "GPU " + gpu.device(), "CPU " + cpu.device(), "speedup"));
        double g = gpu.gemmMs(), c = cpu.gemmMs();
        double gt = gpu.phase("total").ms().median(), ct = cpu.phase("total").ms().median();
        t.row("GEMM median ms", GpuTable.ms(g), GpuTable.ms(c), GpuTable.num(c / g, 1) + "x");
        t.row("total median ms (with transfers)", GpuTable.ms(gt), GpuTable.ms(ct), GpuTable.num(ct / gt, 1) + "x");
        t.row("GFLOP/s (GEMM)", GpuTable.num(gpu.gflops(), 1), GpuTable.num(cpu.gflops(), 1), "");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("gpuGemmMs", GpuTable.json(g));
        json.put("cpuGemmMs", GpuTable.json(c));
        json.put("gemmSpeedup", GpuTable.json(c / g));
        json.put("gpuTotalMs", GpuTable.json(gt));
        json.put("cpuTotalMs", GpuTable.json(ct));
        json.put("totalSpeedup", GpuTable.json(ct / gt));
        return t.bundle(json);
    }

    /**
     * The sweep as two displays: the table (HTML, text, JSON) and the chart (SVG, Vega-Lite). One bundle for
     * both would let JupyterLab pick Vega-Lite, its richest type, and hide the table.
     */
    public static List<MimeBundle> bandwidth(BandwidthReport r) {
        String title = "copy bandwidth on " + r.device();
        return List.of(bandwidthTable(r, title), bandwidthChart(r, title));
    }

    private static MimeBundle bandwidthChart(BandwidthReport r, String title) {
        String svg = Charts.bandwidthSvg(r.points(), title);
        return new MimeBundle()
                .with("image/svg+xml", svg)
                .with("application/vnd.vegalite.v5+json", Charts.bandwidthVegaLite(r.points(), title))
                .with("text/plain", "[chart: " + title + ", GB/s against transfer size]");
    }

    private static MimeBundle bandwidthTable(BandwidthReport r, String title) {
        GpuTable t = new GpuTable(title, List.of("size", "memory", "direction", "median ms per copy", "min ms", "GB/s", "copies per sample"));
        for (BandwidthPoint p : r.points()) {
            t.row(ByteSizes.format(p.bytes()), p.memory(), p.direction(), GpuTable.ms(p.ms().median()), GpuTable.ms(p.ms().min()),
                    GpuTable.num(p.gbps(), 2), p.copiesPerSample());
        }
        for (String n : r.notes()) t.note(n);
        List<Object> rows = new ArrayList<>();
        for (BandwidthPoint p : r.points()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("bytes", p.bytes());
            x.put("memory", p.memory());
            x.put("direction", p.direction());
            x.put("medianMs", GpuTable.json(p.ms().median()));
            x.put("minMs", GpuTable.json(p.ms().min()));
            x.put("stdevMs", GpuTable.json(p.ms().stdev()));
            x.put("gbps", GpuTable.json(p.gbps()));
            x.put("copiesPerSample", p.copiesPerSample());
            rows.add(x);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("device", r.device());
        json.put("gpu", r.gpu());
        json.put("points", rows);
        json.put("notes", r.notes());
        return new MimeBundle()
                .with("text/html", t.html())
                .with("application/json", json)
                .with("text/plain", t.plain());
    }

    public static MimeBundle progress(String what, int done, int total) {
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        String plain = what + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total;
        String html = "<div>" + Html.escape(what) + " <progress value=\"" + done + "\" max=\"" + total + "\" style=\"width:240px\"></progress> "
                + done + "/" + total + "</div>";
        return new MimeBundle().with("text/html", html).with("text/plain", plain);
    }

    public static MimeBundle memory(MemoryReport r) {
        GpuTable t = new GpuTable(r.gpu() ? "device memory" : "Java heap (no GPU in use)", List.of("device", "total", "used", "free", "free %"));
        List<Object> rows = new ArrayList<>();
        for (MemoryReport.Entry e : r.entries()) {
            t.row(e.device(), MemoryPlan.mib(e.totalBytes()), MemoryPlan.mib(e.usedBytes()), MemoryPlan.mib(e.freeBytes()),
                    GpuTable.num(100.0 * e.freeBytes() / Math.max(1, e.totalBytes()), 1) + " %");
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("device", e.device());
            x.put("totalBytes", e.totalBytes());
            x.put("usedBytes", e.usedBytes());
            x.put("freeBytes", e.freeBytes());
            rows.add(x);
        }
        for (String n : r.notes()) t.note(n);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("gpu", r.gpu());
        json.put("entries", rows);
        json.put("notes", r.notes());
        return t.bundle(json);
    }

    public static MimeBundle cellTiming(CellTiming c) {
        GpuTable t = new GpuTable("%%gpu cell timing on " + c.device(), List.of("clock", "ms"));
        t.row("wall clock", GpuTable.ms(c.wallMs()));
        if (c.gpu()) t.row("CUDA events (default stream, cuda start → end)", GpuTable.ms(c.gpuEventMs()));
        else t.row("process CPU time (all kernel threads)", GpuTable.ms(c.cpuMs()));
        t.note(c.gpu() ? "GPU timing: CUDA events recorded before and after the cell on the default stream."
                : "CPU timing: no GPU used; wall clock and the kernel process's CPU time.");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("device", c.device());
        json.put("gpu", c.gpu());
        json.put("wallMs", GpuTable.json(c.wallMs()));
        json.put("gpuEventMs", GpuTable.json(c.gpuEventMs()));
        json.put("cpuMs", GpuTable.json(c.cpuMs()));
        return t.bundle(json);
    }
}
