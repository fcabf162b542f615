package io.javagpu.gpu;

import io.javagpu.display.Durations;
import io.javagpu.display.MimeBundle;
import io.javagpu.display.Numbers;
import io.javagpu.display.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Turns GPU results into display bundles (text/html, text/plain, application/json with raw numbers). */
public final class GpuViews {
    private GpuViews() {
    }

    public static MimeBundle matmul(MatmulRun run, List<String> extraNotes) {
        Table.Builder t = Table.builder().title("matmul " + run.shape() + " (M=" + run.shape().m() + ", N=" + run.shape().n()
                        + ", K=" + run.shape().k() + ") " + run.dtype() + " on " + run.device())
                .columns("phase", "median ms", "min ms", "stdev ms", "rate", "% of peak");
        for (Phase p : run.phases()) {
            t.row(p.name(), Durations.millis(p.ms().median()), Durations.millis(p.ms().min()),
                    p.ms().count() > 1 ? Durations.millis(p.ms().stdev()) : "", rate(p),
                    Double.isNaN(p.percentOfPeak()) ? "" : Numbers.fixed(p.percentOfPeak(), 1) + " %");
        }
        Phase gemm = run.phase(MatmulPhase.GEMM);
        t.note("device: " + run.device() + (run.gpu() ? " (GPU)" : " (CPU)") + "; dtype " + run.dtype() + ": " + run.dtype().description()
                + "; " + gemm.ms().count() + " timed runs" + (run.gpu() ? " (CUDA events)" : " (wall clock)"));
        if (gemm.peak() != null) {
            t.note("% of peak: against " + Numbers.fixed(gemm.peak().value(), 1) + " TFLOPS " + run.dtype() + " (" + gemm.peak().basis() + ")");
        } else if (run.gpu()) {
            t.note("% of peak: not shown, the kernel does not know this device's " + run.dtype() + " peak");
        }
        if (run.verification() != null) t.note((run.verification().passed() ? "✓ verification " : "✗ verification ") + run.verification().summary());
        t.notes(run.notes()).notes(extraNotes);
        return t.build().toBundle(matmulJson(run, extraNotes));
    }

    private static String rate(Phase p) {
        if (Double.isNaN(p.rate())) return "";
        if (p.unit() == RateUnit.TFLOPS) {
            return Numbers.fixed(p.rate(), 3) + " " + p.unit() + " (" + Numbers.fixed(p.rate() * 1e3, 1) + " GFLOP/s)";
        }
        return Numbers.fixed(p.rate(), 2) + " " + p.unit();
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
            x.put("medianMs", Numbers.json(p.ms().median()));
            x.put("minMs", Numbers.json(p.ms().min()));
            x.put("maxMs", Numbers.json(p.ms().max()));
            x.put("stdevMs", Numbers.json(p.ms().stdev()));
            x.put("samples", p.ms().count());
            x.put("rate", Numbers.json(p.rate()));
            x.put("unit", p.unit() == null ? "" : p.unit().toString());
            x.put("percentOfPeak", Numbers.json(p.percentOfPeak()));
            x.put("peak", p.peak() == null ? null : Map.of("value", p.peak().value(), "basis", p.peak().basis()));
            phases.add(x);
        }
        m.put("phases", phases);
        Verification v = run.verification();
        if (v != null) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("passed", v.passed());
            x.put("maxError", Numbers.json(v.maxError()));
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
        MatmulReport.Speedup s = MatmulReport.Speedup.of(gpu, cpu);
        Table table = Table.builder().title("GPU vs CPU, matmul " + gpu.shape() + " " + gpu.dtype())
                .columns("", "GPU " + gpu.device(), "CPU " + cpu.device(), "speedup")
                .row("GEMM median ms", Durations.millis(gpu.gemmMs()), Durations.millis(cpu.gemmMs()), Numbers.fixed(s.gemm(), 1) + "x")
                .row("total median ms (with transfers)", Durations.millis(gpu.totalMs()), Durations.millis(cpu.totalMs()),
                        Numbers.fixed(s.total(), 1) + "x")
                .row("GFLOP/s (GEMM)", Numbers.fixed(gpu.gflops(), 1), Numbers.fixed(cpu.gflops(), 1), "")
                .build();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("gpuGemmMs", Numbers.json(gpu.gemmMs()));
        json.put("cpuGemmMs", Numbers.json(cpu.gemmMs()));
        json.put("gemmSpeedup", Numbers.json(s.gemm()));
        json.put("gpuTotalMs", Numbers.json(gpu.totalMs()));
        json.put("cpuTotalMs", Numbers.json(cpu.totalMs()));
        json.put("totalSpeedup", Numbers.json(s.total()));
        return table.toBundle(json);
    }

    /**
     * The sweep as two displays: the table (HTML, text, JSON) and the chart (SVG, Vega-Lite). One bundle for
     * both would let JupyterLab pick Vega-Lite, its richest type, and hide the table.
     */
    public static List<MimeBundle> bandwidth(BandwidthReport r, Optional<PcieLink> link) {
        String title = "copy bandwidth on " + r.device();
        return List.of(bandwidthTable(r, title, link), bandwidthChart(r, title));
    }

    private static MimeBundle bandwidthChart(BandwidthReport r, String title) {
        String svg = Charts.bandwidthSvg(r.points(), title);
        return new MimeBundle()
                .with("image/svg+xml", svg)
                .with("application/vnd.vegalite.v5+json", Charts.bandwidthVegaLite(r.points(), title))
                .with("text/plain", "[chart: " + title + ", GB/s against transfer size]");
    }

    /** The table; with a known PCIe link (GPU only), host-device copies also as a percentage of its theoretical rate. */
    private static MimeBundle bandwidthTable(BandwidthReport r, String title, Optional<PcieLink> link) {
        OptionalDouble linkGBs = r.gpu() ? link.map(PcieLink::gbsPerDirection).orElse(OptionalDouble.empty()) : OptionalDouble.empty();
        Table.Builder t = Table.builder().title(title)
                .columns("size", "memory", "direction", "median ms per copy", "min ms", "GB/s", "copies per sample");
        if (linkGBs.isPresent()) t.column("% of PCIe link");
        List<Object> rows = new ArrayList<>();
        for (BandwidthPoint p : r.points()) {
            List<Object> row = new ArrayList<>(List.of(ByteSizes.format(p.bytes()), p.memory().toString(), p.direction().toString(),
                    Durations.millis(p.ms().median()), Durations.millis(p.ms().min()), Numbers.fixed(p.gbps(), 2),
                    String.valueOf(p.copiesPerSample())));
            boolean overPcie = p.direction() == Direction.H2D || p.direction() == Direction.D2H;
            if (linkGBs.isPresent()) row.add(overPcie ? Numbers.fixed(100 * p.gbps() / linkGBs.getAsDouble(), 1) + " %" : "");
            t.row(row);
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("bytes", p.bytes());
            x.put("memory", p.memory().toString());
            x.put("direction", p.direction().toString());
            x.put("medianMs", Numbers.json(p.ms().median()));
            x.put("minMs", Numbers.json(p.ms().min()));
            x.put("stdevMs", Numbers.json(p.ms().stdev()));
            x.put("gbps", Numbers.json(p.gbps()));
            x.put("copiesPerSample", p.copiesPerSample());
            rows.add(x);
        }
        t.notes(r.notes());
        if (linkGBs.isPresent()) {
            t.note("% of PCIe link: against " + Numbers.fixed(linkGBs.getAsDouble(), 2) + " GB/s per direction, the theoretical rate of the"
                    + " device's PCIe " + link.get() + " link (transfer rate x encoding efficiency); d2d copies do not cross it");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("device", r.device());
        json.put("gpu", r.gpu());
        if (linkGBs.isPresent()) {
            json.put("pcieLink", Map.of("generation", link.get().generation(), "width", link.get().width(),
                    "gbsPerDirection", linkGBs.getAsDouble()));
        }
        json.put("points", rows);
        json.put("notes", r.notes());
        return t.build().toBundle(json);
    }

    public static MimeBundle memory(MemoryReport r) {
        Table.Builder t = Table.builder().title(r.gpu() ? "device memory" : "Java heap (no GPU in use)")
                .columns("device", "total", "used", "free", "free %");
        List<Object> rows = new ArrayList<>();
        for (MemoryReport.Entry e : r.entries()) {
            t.row(e.device(), MemoryPlan.mib(e.totalBytes()), MemoryPlan.mib(e.usedBytes()), MemoryPlan.mib(e.freeBytes()),
                    Numbers.fixed(100.0 * e.freeBytes() / Math.max(1, e.totalBytes()), 1) + " %");
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("device", e.device());
            x.put("totalBytes", e.totalBytes());
            x.put("usedBytes", e.usedBytes());
            x.put("freeBytes", e.freeBytes());
            rows.add(x);
        }
        t.notes(r.notes());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("gpu", r.gpu());
        json.put("entries", rows);
        json.put("notes", r.notes());
        return t.build().toBundle(json);
    }

    public static MimeBundle cellTiming(CellTiming c) {
        Table.Builder t = Table.builder().title("%%gpu cell timing on " + c.device()).columns("clock", "ms")
                .row("wall clock", Durations.millis(c.wallMs()));
        if (c.gpu()) t.row("CUDA events (default stream, cuda start → end)", Durations.millis(c.gpuEventMs()));
        else t.row("process CPU time (all kernel threads)", Durations.millis(c.cpuMs()));
        t.note(c.gpu() ? "GPU timing: CUDA events recorded before and after the cell on the default stream."
                : "CPU timing: no GPU used; wall clock and the kernel process's CPU time.");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("device", c.device());
        json.put("gpu", c.gpu());
        json.put("wallMs", Numbers.json(c.wallMs()));
        json.put("gpuEventMs", Numbers.json(c.gpuEventMs()));
        json.put("cpuMs", Numbers.json(c.cpuMs()));
        return t.build().toBundle(json);
    }
}
