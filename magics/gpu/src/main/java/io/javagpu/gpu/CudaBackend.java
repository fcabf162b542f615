package io.javagpu.gpu;

import io.javagpu.gpu.cuda.CudaBinding;
import io.javagpu.gpu.cuda.CudaBinding.Blas;
import io.javagpu.gpu.cuda.CudaBinding.DeviceMemory;
import io.javagpu.gpu.cuda.CudaBinding.DeviceScope;
import io.javagpu.gpu.cuda.CudaBinding.Event;
import io.javagpu.gpu.cuda.CudaBinding.HostMemory;
import io.javagpu.gpu.cuda.CudaBinding.Stream;
import io.javagpu.gpu.cuda.StickyErrors;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The GPU through a {@link CudaBinding}: cuBLAS GEMM and copies, timed the way CUDA's own tools time them. Every
 * timed interval lies between two events on one stream: R back-to-back GEMMs (R chosen so the interval lasts about
 * {@link TimingPlan#TARGET_MS}) or a batch of async copies from pinned memory, divided by the count. Pageable copies
 * are synchronous (the driver stages them), so they are timed with the host clock. Row-major C = A*B is computed as
 * column-major C^T = B^T * A^T.
 */
public final class CudaBackend implements GpuBackend {
    private final CudaBinding cuda;
    private final int deviceIndex;

    public CudaBackend(CudaBinding cuda, int deviceIndex) {
        this.cuda = cuda;
        this.deviceIndex = deviceIndex;
    }

    @Override
    public String device() {
        String name;
        try {
            name = cuda.attributes(deviceIndex).name();
        } catch (RuntimeException e) {
            name = "?";
        }
        return "cuda:" + deviceIndex + " (" + name + ")";
    }

    @Override
    public boolean isGpu() {
        return true;
    }

    /** Refuses before anything runs: a poisoned context, or a dtype this device cannot run. */
    static void refuseEarly(CudaBinding.DeviceAttributes device, Dtype dtype) throws GpuException {
        String sticky = StickyErrors.refusal();
        if (sticky != null) throw new GpuException(sticky);
        if (dtype != null && (dtype == Dtype.BF16 || dtype == Dtype.TF32) && device.major() < 8) {
            throw new GpuException(dtype.label() + " needs compute capability 8.0 or newer (Ampere); cuda:" + device.index() + " ("
                    + device.name() + ") has " + device.major() + "." + device.minor() + ": use f32, f16 or f64");
        }
    }

    @Override
    public MatmulRun matmul(MatmulShape shape, Dtype dtype, int warmup, int repeat, Checkpoint checkpoint) throws Exception {
        CudaBinding.DeviceAttributes attrs = cuda.attributes(deviceIndex);
        refuseEarly(attrs, dtype);
        try (DeviceScope scope = cuda.enter(deviceIndex)) {
            CudaBinding.MemoryInfo memory = cuda.memoryInfo();
            String refusal = MemoryPlan.refuseOnDevice(shape, dtype, memory.free(), memory.total());
            if (refusal != null) throw new GpuException(refusal);
            refusal = MemoryPlan.refuseOnHeap(shape, dtype, true, 0, MemoryPlan.availableHeap(), Runtime.getRuntime().maxMemory());
            if (refusal != null) throw new GpuException(refusal);
            DeviceInfo info = GpuDevices.info(attrs, memory.free());
            return new MatmulTiming(shape, dtype, warmup, repeat, checkpoint, info).run();
        }
    }

    /** One matmul measurement, inside the device scope. */
    private final class MatmulTiming {
        private final MatmulShape shape;
        private final Dtype dtype;
        private final int warmup;
        private final int repeat;
        private final Checkpoint checkpoint;
        private final DeviceInfo info;
        private final long bytesA, bytesB, bytesC;

        MatmulTiming(MatmulShape shape, Dtype dtype, int warmup, int repeat, Checkpoint checkpoint, DeviceInfo info) {
            this.shape = shape;
            this.dtype = dtype;
            this.warmup = warmup;
            this.repeat = repeat;
            this.checkpoint = checkpoint;
            this.info = info;
            bytesA = shape.elementsA() * dtype.inputBytes();
            bytesB = shape.elementsB() * dtype.inputBytes();
            bytesC = shape.elementsC() * dtype.outputBytes();
        }

        MatmulRun run() throws Exception {
            long t0 = System.nanoTime();
            MatmulInputs in = MatmulInputs.create(shape, dtype, CpuBackend.SEED, false, true);
            double initMs = (System.nanoTime() - t0) / 1e6;
            List<String> notes = new ArrayList<>();
            try (HostMemory hA = hostBuffer(bytesA, notes); HostMemory hB = hostBuffer(bytesB, notes);
                 HostMemory hC = hostBuffer(bytesC, notes);
                 DeviceMemory dA = cuda.allocate(bytesA); DeviceMemory dB = cuda.allocate(bytesB); DeviceMemory dC = cuda.allocate(bytesC);
                 Stream stream = cuda.createStream(); Event start = cuda.createEvent(); Event stop = cuda.createEvent();
                 Blas blas = cuda.createBlas(stream)) {
                t0 = System.nanoTime();
                fill(hA.buffer(), in.ah, in.af, in.ad);
                fill(hB.buffer(), in.bh, in.bf, in.bd);
                double fillMs = (System.nanoTime() - t0) / 1e6;
                Runnable h2dA = () -> cuda.copyAsync(dA, hA, bytesA, stream);
                Runnable h2dB = () -> cuda.copyAsync(dB, hB, bytesB, stream);
                Runnable d2hC = () -> cuda.copyAsync(hC, dC, bytesC, stream);
                Runnable gemm = () -> gemm(blas, dA, dB, dC);
                Runnable pass = () -> {
                    h2dA.run();
                    h2dB.run();
                    gemm.run();
                    d2hC.run();
                };
                for (int w = 0; w < warmup; w++) {
                    checkpoint.check();
                    pass.run();
                }
                cuda.synchronize(stream);
                Timer timer = new Timer(stream, start, stop);
                int gemms = TimingPlan.gemmRepeats(timer.perOperation(1, gemm));
                int copiesA = TimingPlan.copiesPerBatch(bytesA), copiesB = TimingPlan.copiesPerBatch(bytesB);
                int copiesC = TimingPlan.copiesPerBatch(bytesC);
                double[][] samples = new double[5][repeat];
                for (int rep = 0; rep < repeat; rep++) {
                    checkpoint.check();
                    samples[0][rep] = timer.perOperation(copiesA, h2dA);
                    samples[1][rep] = timer.perOperation(copiesB, h2dB);
                    samples[2][rep] = timer.perOperation(gemms, gemm);
                    samples[3][rep] = timer.perOperation(copiesC, d2hC);
                    samples[4][rep] = timer.perOperation(1, pass);
                }
                t0 = System.nanoTime();
                float[] cf = dtype == Dtype.F64 ? null : new float[(int) shape.elementsC()];
                double[] cd = dtype == Dtype.F64 ? new double[(int) shape.elementsC()] : null;
                if (cf != null) hC.buffer().asFloatBuffer().get(cf);
                else hC.buffer().asDoubleBuffer().get(cd);
                double readMs = (System.nanoTime() - t0) / 1e6;

                String host = hA.pinned() ? "pinned" : "pageable";
                List<Phase> phases = new ArrayList<>();
                phases.add(Phase.plain(MatmulPhase.HOST_INIT, Stats.of(new double[]{initMs})));
                phases.add(Phase.transfer(MatmulPhase.STAGE_INPUTS, Stats.of(new double[]{fillMs}), bytesA + bytesB));
                phases.add(Phase.transfer(MatmulPhase.H2D_A, Stats.of(samples[0]), bytesA));
                phases.add(Phase.transfer(MatmulPhase.H2D_B, Stats.of(samples[1]), bytesB));
                phases.add(Phase.compute(MatmulPhase.GEMM, Stats.of(samples[2]), shape.flops(), peakTflops(info, dtype)));
                phases.add(Phase.transfer(MatmulPhase.D2H_C, Stats.of(samples[3]), bytesC));
                phases.add(Phase.transfer(MatmulPhase.UNSTAGE_RESULT, Stats.of(new double[]{readMs}), bytesC));
                phases.add(Phase.compute(MatmulPhase.TOTAL, Stats.of(samples[4]), shape.flops(), null));
                Verification v = Verification.check(shape, dtype, in.a(), in.b(), cf != null ? i -> cf[(int) i] : i -> cd[(int) i]);
                notes.add("GEMM: " + gemms + " back-to-back " + describe(dtype) + " calls between two CUDA events on one stream, per call;"
                        + " median/min/stdev over " + repeat + " such intervals after " + warmup + " warm-up passes");
                notes.add("H2D/D2H: batches of " + copiesA + "/" + copiesB + "/" + copiesC + " async copies (A/B/C) from " + host
                        + " host memory between two CUDA events, per copy; the Java-array rows are host copies (wall clock, once)");
                notes.add("total: one pass H2D A, H2D B, GEMM, D2H C between two CUDA events (launch gaps included)");
                notes.add("host buffers: " + host + " memory");
                return new MatmulRun(shape, dtype, device(), true, phases, v, notes, null);
            }
        }

        private HostMemory hostBuffer(long bytes, List<String> notes) {
            try {
                return cuda.allocateHost(bytes, true);
            } catch (CudaException e) {
                if (notes.isEmpty()) notes.add("pinned host memory could not be allocated (" + e.getMessage() + "): copies use pageable memory");
                return cuda.allocateHost(bytes, false);
            }
        }

        /** Row-major C(m x n) = A(m x k) B(k x n) is column-major C^T(n x m) = B^T(n x k) A^T(k x m). */
        private void gemm(Blas blas, DeviceMemory dA, DeviceMemory dB, DeviceMemory dC) {
            int m = shape.m(), n = shape.n(), k = shape.k();
            cuda.gemm(blas, dtype, n, m, k, dB, n, dA, k, dC, n);
        }
    }

    /** The dense peak for "% of peak"; none on a simulated device: it has the name of a real one but none of its speed. */
    static Peak peakTflops(DeviceInfo device, Dtype dtype) {
        return device.name().contains("(simulated)") ? null : device.peakTflops(dtype);
    }

    private static void fill(ByteBuffer target, short[] half, float[] single, double[] dbl) {
        if (half != null) target.asShortBuffer().put(half);
        else if (single != null) target.asFloatBuffer().put(single);
        else target.asDoubleBuffer().put(dbl);
    }

    /** Times {@code count} operations between two events on one stream; ms per operation. */
    private final class Timer {
        private final Stream stream;
        private final Event start, stop;

        Timer(Stream stream, Event start, Event stop) {
            this.stream = stream;
            this.start = start;
            this.stop = stop;
        }

        double perOperation(int count, Runnable operation) {
            cuda.record(start, stream);
            for (int i = 0; i < count; i++) operation.run();
            cuda.record(stop, stream);
            cuda.synchronize(stop);
            return cuda.elapsedMs(start, stop) / (double) count;
        }
    }

    private static String describe(Dtype d) {
        switch (d) {
            case F32: return "cublasSgemm";
            case F64: return "cublasDgemm";
            case TF32: return "cublasGemmEx (CUBLAS_COMPUTE_32F_FAST_TF32)";
            case F16: return "cublasGemmEx (A, B CUDA_R_16F; C CUDA_R_32F; CUBLAS_COMPUTE_32F)";
            default: return "cublasGemmEx (A, B CUDA_R_16BF; C CUDA_R_32F; CUBLAS_COMPUTE_32F)";
        }
    }

    @Override
    public List<MemoryKind> memoryKinds(boolean pinned, boolean pageable) {
        List<MemoryKind> kinds = new ArrayList<>();
        if (pinned) kinds.add(MemoryKind.PINNED);
        if (pageable) kinds.add(MemoryKind.PAGEABLE);
        return kinds;
    }

    @Override
    public List<Direction> directions(List<Direction> requested) {
        return requested;
    }

    /**
     * One bandwidth point. A failure to pin memory is a {@link MagicException}, so the sweep skips that row with its
     * reason and goes on.
     */
    @Override
    public BandwidthPoint copy(long bytes, MemoryKind memory, Direction direction, Checkpoint checkpoint) throws Exception {
        refuseEarly(cuda.attributes(deviceIndex), null);
        boolean d2d = direction == Direction.D2D;
        boolean pinned = memory == MemoryKind.PINNED;
        try (DeviceScope scope = cuda.enter(deviceIndex)) {
            long free = cuda.memoryInfo().free();
            long deviceNeed = d2d ? 2 * bytes : bytes;
            if (deviceNeed + MemoryPlan.DEVICE_HEADROOM > free) {
                throw new GpuException("bandwidth " + ByteSizes.format(bytes) + " " + direction + " needs " + MemoryPlan.mib(deviceNeed)
                        + " on the device but only " + MemoryPlan.mib(free) + " is free");
            }
            int copies = TimingPlan.copiesPerBatch(bytes);
            int samples = 5;
            double[] perCopy = new double[samples];
            try (DeviceMemory dev = cuda.allocate(bytes); DeviceMemory dev2 = d2d ? cuda.allocate(bytes) : null;
                 HostMemory host = d2d ? null : host(bytes, pinned); Stream stream = cuda.createStream();
                 Event start = cuda.createEvent(); Event stop = cuda.createEvent()) {
                Runnable once = d2d ? () -> cuda.copyAsync(dev2, dev, bytes, stream)
                        : direction == Direction.H2D ? (pinned ? () -> cuda.copyAsync(dev, host, bytes, stream) : () -> cuda.copy(dev, host, bytes))
                        : (pinned ? () -> cuda.copyAsync(host, dev, bytes, stream) : () -> cuda.copy(host, dev, bytes));
                Timer timer = new Timer(stream, start, stop);
                for (int s = -1; s < samples; s++) {
                    checkpoint.check();
                    double ms;
                    if (d2d || pinned) {
                        ms = timer.perOperation(copies, once);
                    } else {
                        long t0 = System.nanoTime();
                        for (int c = 0; c < copies; c++) once.run();
                        ms = (System.nanoTime() - t0) / 1e6 / copies;
                    }
                    if (s >= 0) perCopy[s] = ms;
                }
            }
            Stats stats = Stats.of(perCopy);
            double counted = d2d ? 2.0 * bytes : bytes;
            MemoryKind mem = d2d ? MemoryKind.DEVICE : memory;
            return new BandwidthPoint(device(), mem, direction, bytes, stats, copies, counted / (stats.median() / 1e3) / 1e9);
        }
    }

    private HostMemory host(long bytes, boolean pinned) throws GpuException {
        if (bytes > Integer.MAX_VALUE) throw new GpuException("host buffers are limited to 2 GiB (one ByteBuffer)");
        if (!pinned) return cuda.allocateHost(bytes, false);
        try {
            return cuda.allocateHost(bytes, true);
        } catch (CudaException e) {
            throw new GpuException("pinned host memory of " + ByteSizes.format(bytes) + " could not be allocated: " + e.getMessage());
        }
    }
}
