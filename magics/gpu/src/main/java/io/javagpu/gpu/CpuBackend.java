package io.javagpu.gpu;


import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CPU: GEMM through the system BLAS or plain Java ({@link CpuGemms} picks, every run names which) for f32/f64,
 * and for tf32/f16/bf16 the same f32 GEMM on inputs rounded to that precision (an emulation, labelled as such);
 * copy bandwidth with System.arraycopy and direct ByteBuffers.
 */
public final class CpuBackend implements GpuBackend {
    static final long SEED = 42;

    @Override
    public String device() {
        return "cpu (Java, " + CpuGemm.threads() + " threads)";
    }

    @Override
    public boolean isGpu() {
        return false;
    }

    @Override
    public MatmulRun matmul(MatmulShape shape, Dtype dtype, int warmup, int repeat, Checkpoint checkpoint) throws Exception {
        CpuGemmEngine engine = CpuGemms.get();
        boolean f64 = dtype == Dtype.F64;
        int m = shape.m(), n = shape.n(), k = shape.k();
        String refusal = MemoryPlan.refuseOnHeap(shape, dtype, false, engine.workspaceBytes(m, n, k, f64 ? 8 : 4),
                MemoryPlan.availableHeap(), Runtime.getRuntime().maxMemory());
        if (refusal != null) throw new GpuException(refusal);
        List<String> notes = new ArrayList<>();
        if (dtype.emulatedOnCpu()) {
            notes.add("CPU emulation of " + dtype + ": inputs rounded to " + dtype + " as the GPU gets them, then multiplied and accumulated"
                    + " in f32 by " + engine.label() + " (no " + dtype + " hardware used)");
        }
        notes.add("no host-device transfers on the CPU: total = GEMM");
        long t0 = System.nanoTime();
        MatmulInputs in = MatmulInputs.create(shape, dtype, SEED, true, false);
        float[] cf = f64 ? null : new float[(int) shape.elementsC()];
        double[] cd = f64 ? new double[(int) shape.elementsC()] : null;
        double initMs = (System.nanoTime() - t0) / 1e6;
        Runnable gemm = f64 ? () -> engine.dgemm(m, n, k, in.ad, in.bd, cd) : () -> engine.sgemm(m, n, k, in.af, in.bf, cf);
        long w0 = System.nanoTime();
        int warmRuns = Warmup.run(warmup, checkpoint, gemm);
        notes.add(String.format(Locale.ROOT, "warm-up: %d untimed runs (%.0f ms) before the timed ones", warmRuns, (System.nanoTime() - w0) / 1e6));
        double[] samples = new double[repeat];
        for (int rep = 0; rep < repeat; rep++) {
            checkpoint.check();
            long start = System.nanoTime();
            gemm.run();
            samples[rep] = (System.nanoTime() - start) / 1e6;
        }
        Stats stats = Stats.of(samples);
        List<Phase> phases = List.of(
                Phase.plain(MatmulPhase.HOST_INIT, Stats.of(new double[]{initMs})),
                Phase.compute(MatmulPhase.GEMM, stats, shape.flops(), null),
                Phase.compute(MatmulPhase.TOTAL, stats, shape.flops(), null));
        Verification v = Verification.check(shape, dtype, in.a(), in.b(), f64 ? i -> cd[(int) i] : i -> cf[(int) i]);
        return new MatmulRun(shape, dtype, "cpu: " + engine.label(), false, phases, v, notes, engine.label());
    }

    @Override
    public List<MemoryKind> memoryKinds(boolean pinned, boolean pageable) {
        return List.of(MemoryKind.HEAP, MemoryKind.DIRECT);
    }

    @Override
    public List<Direction> directions(List<Direction> requested) {
        return List.of(Direction.COPY);
    }

    @Override
    public BandwidthPoint copy(long bytes, MemoryKind memory, Direction direction, Checkpoint checkpoint) throws Exception {
        if (bytes > MemoryPlan.MAX_ARRAY) throw new GpuException("CPU copy of " + ByteSizes.format(bytes) + " exceeds the largest Java array");
        if (2 * bytes > MemoryPlan.availableHeap() && memory == MemoryKind.HEAP) {
            throw new GpuException("CPU copy of " + ByteSizes.format(bytes) + " needs " + MemoryPlan.mib(2 * bytes)
                    + " of Java heap; only " + MemoryPlan.mib(MemoryPlan.availableHeap()) + " is available");
        }
        int size = (int) bytes;
        int copies = copiesPerSample(bytes);
        int samples = 5;
        double[] perCopyMs = new double[samples];
        if (memory == MemoryKind.HEAP) {
            byte[] src = new byte[size], dst = new byte[size];
            java.util.Arrays.fill(src, (byte) 1);
            System.arraycopy(src, 0, dst, 0, size);
            for (int s = 0; s < samples; s++) {
                checkpoint.check();
                long t = System.nanoTime();
                for (int c = 0; c < copies; c++) System.arraycopy(src, 0, dst, 0, size);
                perCopyMs[s] = (System.nanoTime() - t) / 1e6 / copies;
            }
        } else {
            ByteBuffer src = ByteBuffer.allocateDirect(size), dst = ByteBuffer.allocateDirect(size);
            for (int s = -1; s < samples; s++) {
                checkpoint.check();
                long t = System.nanoTime();
                for (int c = 0; c < copies; c++) {
                    src.clear();
                    dst.clear();
                    dst.put(src);
                }
                if (s >= 0) perCopyMs[s] = (System.nanoTime() - t) / 1e6 / copies;
            }
        }
        Stats stats = Stats.of(perCopyMs);
        return new BandwidthPoint(device(), memory, direction, bytes, stats, copies, bytes / (stats.median() / 1e3) / 1e9);
    }

    /** Enough copies per sample to move about 64 MB, at least 1 and at most 1000. */
    static int copiesPerSample(long bytes) {
        return (int) Math.max(1, Math.min(1000, (64L << 20) / bytes));
    }
}
