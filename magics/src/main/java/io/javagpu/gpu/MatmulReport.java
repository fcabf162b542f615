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

    /** GPU runs and CPU runs of the same shape, with the GEMM speedup, for --device both. */
    public List<double[]> speedups() {
        List<double[]> out = new ArrayList<>();
        for (MatmulRun g : runs) {
            if (!g.gpu()) continue;
            for (MatmulRun c : runs) {
                if (!c.gpu() && c.shape().equals(g.shape())) out.add(new double[]{c.gemmMs() / g.gemmMs(),
                        c.phase("total").ms().median() / g.phase("total").ms().median()});
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
