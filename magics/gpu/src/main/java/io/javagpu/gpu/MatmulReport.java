package io.javagpu.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code %gpu matmul} returns: every run (per size, per device; GPU first when both ran), plus the note that
 * says why it ran on the CPU when it did.
 */
public final class MatmulReport {
    private final List<MatmulRun> runs;
    private final List<String> notes;

    public MatmulReport(List<MatmulRun> runs, List<String> notes) {
        this.runs = List.copyOf(runs);
        this.notes = List.copyOf(notes);
    }

    public List<MatmulRun> runs() {
        return runs;
    }

    public List<String> notes() {
        return notes;
    }

    /** The first run (the only one for {@code %gpu matmul 512}). */
    public MatmulRun first() {
        return runs.get(0);
    }

    public MatmulRun run(int index) {
        return runs.get(index);
    }

    /** The device that did the work of the first run: "cuda:0 (...)" or "cpu (...)". */
    public String device() {
        return first().device();
    }

    public boolean ranOnGpu() {
        return first().gpu();
    }

    public double gemmMs() {
        return first().gemmMs();
    }

    public double tflops() {
        return first().tflops();
    }

    public double gflops() {
        return first().gflops();
    }

    /** Whether every run passed verification. */
    public boolean verified() {
        return runs.stream().allMatch(MatmulRun::verified);
    }

    /** How many times faster the GPU was than the CPU on one shape: GEMM alone, and the whole trip with transfers. */
    public record Speedup(MatmulShape shape, double gemm, double total) {
        static Speedup of(MatmulRun gpu, MatmulRun cpu) {
            return new Speedup(gpu.shape(), cpu.gemmMs() / gpu.gemmMs(), cpu.totalMs() / gpu.totalMs());
        }
    }

    /** For --device both: one entry per GPU run and CPU run of the same shape. */
    public List<Speedup> speedups() {
        List<Speedup> out = new ArrayList<>();
        for (MatmulRun g : runs) {
            if (!g.gpu()) continue;
            for (MatmulRun c : runs) {
                if (!c.gpu() && c.shape().equals(g.shape())) out.add(Speedup.of(g, c));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MatmulReport[");
        for (int i = 0; i < runs.size(); i++) {
            MatmulRun r = runs.get(i);
            if (i > 0) sb.append(", ");
            sb.append(String.format(java.util.Locale.ROOT, "%s %s on %s: GEMM %.3f ms, %.2f GFLOP/s, verification %s",
                    r.shape(), r.dtype(), r.device(), r.gemmMs(), r.gflops(), r.verified() ? "passed" : "FAILED"));
        }
        return sb.append(']').toString();
    }
}
