package io.javagpu.gpu;

import io.javagpu.magics.MagicException;
import jcuda.Pointer;
import jcuda.cudaDataType;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasComputeType;
import jcuda.jcublas.cublasGemmAlgo;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaEvent_t;
import jcuda.runtime.cudaMemcpyKind;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The GPU through JCuda: cuBLAS GEMM (Sgemm, Dgemm, GemmEx_new for TF32/FP16/BF16) and cudaMemcpy timed with CUDA
 * events. Row-major C = A*B is computed as column-major C^T = B^T * A^T. Device memory is freed in finally blocks
 * and every status code becomes a {@link CudaException}.
 */
public final class CudaBackend implements GpuBackend {
    private final int deviceIndex;

    public CudaBackend(int deviceIndex) {
        this.deviceIndex = deviceIndex;
    }

    @Override
    public String device() {
        String name;
        try {
            name = GpuDevices.info(deviceIndex).name();
        } catch (RuntimeException e) {
            name = "?";
        }
        return "cuda:" + deviceIndex + " (" + name + ")";
    }

    @Override
    public boolean isGpu() {
        return true;
    }

    @Override
    public MatmulRun matmul(MatmulShape shape, Dtype dtype, int warmup, int repeat, Checkpoint checkpoint) throws Exception {
        CudaCalls.check(JCuda.cudaSetDevice(deviceIndex), "cudaSetDevice(" + deviceIndex + ")");
        long[] free = new long[1], total = new long[1];
        CudaCalls.check(JCuda.cudaMemGetInfo(free, total), "cudaMemGetInfo");
        String refusal = MemoryPlan.refuseOnDevice(shape, dtype, free[0], total[0]);
        if (refusal != null) throw new MagicException(refusal);
        refusal = MemoryPlan.refuseOnHeap(shape, dtype, true, 0, MemoryPlan.availableHeap(), Runtime.getRuntime().maxMemory());
        if (refusal != null) throw new MagicException(refusal);
        DeviceInfo info = GpuDevices.info(deviceIndex);

        long t0 = System.nanoTime();
        MatmulInputs in = MatmulInputs.create(shape, dtype, CpuBackend.SEED, false, true);
        boolean f64 = dtype == Dtype.F64;
        float[] cf = f64 ? null : new float[(int) shape.elementsC()];
        double[] cd = f64 ? new double[(int) shape.elementsC()] : null;
        double initMs = (System.nanoTime() - t0) / 1e6;

        Pointer hostA = in.ah != null ? Pointer.to(in.ah) : f64 ? Pointer.to(in.ad) : Pointer.to(in.af);
        Pointer hostB = in.bh != null ? Pointer.to(in.bh) : f64 ? Pointer.to(in.bd) : Pointer.to(in.bf);
        Pointer hostC = f64 ? Pointer.to(cd) : Pointer.to(cf);
        long bytesA = shape.elementsA() * dtype.inputBytes();
        long bytesB = shape.elementsB() * dtype.inputBytes();
        long bytesC = shape.elementsC() * dtype.outputBytes();

        Pointer dA = new Pointer(), dB = new Pointer(), dC = new Pointer();
        cudaEvent_t[] ev = new cudaEvent_t[5];
        cublasHandle handle = null;
        double[][] samples = new double[5][repeat];
        try {
            CudaCalls.check(JCuda.cudaMalloc(dA, bytesA), "cudaMalloc(A)");
            CudaCalls.check(JCuda.cudaMalloc(dB, bytesB), "cudaMalloc(B)");
            CudaCalls.check(JCuda.cudaMalloc(dC, bytesC), "cudaMalloc(C)");
            for (int i = 0; i < ev.length; i++) {
                ev[i] = new cudaEvent_t();
                CudaCalls.check(JCuda.cudaEventCreate(ev[i]), "cudaEventCreate");
            }
            cublasHandle created = new cublasHandle();
            CudaCalls.checkCublas(JCublas2.cublasCreate(created), "cublasCreate");
            handle = created;
            float[] ms = new float[1];
            for (int rep = 0; rep < warmup + repeat; rep++) {
                checkpoint.check();
                CudaCalls.check(JCuda.cudaEventRecord(ev[0], null), "cudaEventRecord");
                CudaCalls.check(JCuda.cudaMemcpy(dA, hostA, bytesA, cudaMemcpyKind.cudaMemcpyHostToDevice), "cudaMemcpy(A, H2D)");
                CudaCalls.check(JCuda.cudaEventRecord(ev[1], null), "cudaEventRecord");
                CudaCalls.check(JCuda.cudaMemcpy(dB, hostB, bytesB, cudaMemcpyKind.cudaMemcpyHostToDevice), "cudaMemcpy(B, H2D)");
                CudaCalls.check(JCuda.cudaEventRecord(ev[2], null), "cudaEventRecord");
                gemm(handle, shape, dtype, dA, dB, dC);
                CudaCalls.check(JCuda.cudaEventRecord(ev[3], null), "cudaEventRecord");
                CudaCalls.check(JCuda.cudaMemcpy(hostC, dC, bytesC, cudaMemcpyKind.cudaMemcpyDeviceToHost), "cudaMemcpy(C, D2H)");
                CudaCalls.check(JCuda.cudaEventRecord(ev[4], null), "cudaEventRecord");
                CudaCalls.check(JCuda.cudaEventSynchronize(ev[4]), "cudaEventSynchronize");
                if (rep < warmup) continue;
                for (int p = 0; p < 4; p++) {
                    CudaCalls.check(JCuda.cudaEventElapsedTime(ms, ev[p], ev[p + 1]), "cudaEventElapsedTime");
                    samples[p][rep - warmup] = ms[0];
                }
                CudaCalls.check(JCuda.cudaEventElapsedTime(ms, ev[0], ev[4]), "cudaEventElapsedTime");
                samples[4][rep - warmup] = ms[0];
            }
        } finally {
            if (handle != null) JCublas2.cublasDestroy(handle);
            for (cudaEvent_t e : ev) if (e != null) JCuda.cudaEventDestroy(e);
            JCuda.cudaFree(dA);
            JCuda.cudaFree(dB);
            JCuda.cudaFree(dC);
        }
        List<Phase> phases = new ArrayList<>();
        phases.add(Phase.plain(MatmulPhase.HOST_INIT, Stats.of(new double[]{initMs})));
        phases.add(Phase.transfer(MatmulPhase.H2D_A, Stats.of(samples[0]), bytesA));
        phases.add(Phase.transfer(MatmulPhase.H2D_B, Stats.of(samples[1]), bytesB));
        phases.add(Phase.compute(MatmulPhase.GEMM, Stats.of(samples[2]), shape.flops(), info.peakTflops(dtype)));
        phases.add(Phase.transfer(MatmulPhase.D2H_C, Stats.of(samples[3]), bytesC));
        phases.add(Phase.compute(MatmulPhase.TOTAL, Stats.of(samples[4]), shape.flops(), null));
        Verification v = Verification.check(shape, dtype, in.a(), in.b(), f64 ? i -> cd[(int) i] : i -> cf[(int) i]);
        List<String> notes = new ArrayList<>();
        notes.add("transfers from/to pageable Java arrays; cuBLAS " + describe(dtype));
        return new MatmulRun(shape, dtype, device(), true, phases, v, notes, null);
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

    private static void gemm(cublasHandle h, MatmulShape s, Dtype d, Pointer dA, Pointer dB, Pointer dC) {
        int m = s.m(), n = s.n(), k = s.k();
        int op = cublasOperation.CUBLAS_OP_N;
        if (d == Dtype.F64) {
            Pointer one = Pointer.to(new double[]{1}), zero = Pointer.to(new double[]{0});
            CudaCalls.checkCublas(JCublas2.cublasDgemm(h, op, op, n, m, k, one, dB, n, dA, k, zero, dC, n), "cublasDgemm");
            return;
        }
        Pointer one = Pointer.to(new float[]{1}), zero = Pointer.to(new float[]{0});
        if (d == Dtype.F32) {
            CudaCalls.checkCublas(JCublas2.cublasSgemm(h, op, op, n, m, k, one, dB, n, dA, k, zero, dC, n), "cublasSgemm");
            return;
        }
        int inType = d == Dtype.TF32 ? cudaDataType.CUDA_R_32F : d == Dtype.F16 ? cudaDataType.CUDA_R_16F : cudaDataType.CUDA_R_16BF;
        int compute = d == Dtype.TF32 ? cublasComputeType.CUBLAS_COMPUTE_32F_FAST_TF32 : cublasComputeType.CUBLAS_COMPUTE_32F;
        CudaCalls.checkCublas(JCublas2.cublasGemmEx_new(h, op, op, n, m, k, one, dB, inType, n, dA, inType, k, zero, dC,
                cudaDataType.CUDA_R_32F, n, compute, cublasGemmAlgo.CUBLAS_GEMM_DEFAULT), "cublasGemmEx_new(" + d + ")");
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

    @Override
    public BandwidthPoint copy(long bytes, MemoryKind memory, Direction direction, Checkpoint checkpoint) throws Exception {
        CudaCalls.check(JCuda.cudaSetDevice(deviceIndex), "cudaSetDevice(" + deviceIndex + ")");
        long[] free = new long[1], total = new long[1];
        CudaCalls.check(JCuda.cudaMemGetInfo(free, total), "cudaMemGetInfo");
        long deviceNeed = direction == Direction.D2D ? 2 * bytes : bytes;
        if (deviceNeed + MemoryPlan.DEVICE_HEADROOM > free[0]) {
            throw new MagicException("bandwidth " + ByteSizes.format(bytes) + " " + direction + " needs " + MemoryPlan.mib(deviceNeed)
                    + " on the device but only " + MemoryPlan.mib(free[0]) + " is free");
        }
        Pointer dev = new Pointer(), dev2 = new Pointer(), host = new Pointer();
        boolean pinnedHost = false;
        ByteBuffer pageable = null;
        cudaEvent_t start = new cudaEvent_t(), stop = new cudaEvent_t();
        boolean events = false;
        int copies = CpuBackend.copiesPerSample(bytes);
        int samples = 5;
        double[] perCopy = new double[samples];
        try {
            CudaCalls.check(JCuda.cudaMalloc(dev, bytes), "cudaMalloc");
            if (direction == Direction.D2D) {
                CudaCalls.check(JCuda.cudaMalloc(dev2, bytes), "cudaMalloc");
            } else if (memory == MemoryKind.PINNED) {
                CudaCalls.check(JCuda.cudaMallocHost(host, bytes), "cudaMallocHost");
                pinnedHost = true;
            } else {
                if (bytes > Integer.MAX_VALUE) throw new MagicException("pageable buffers are limited to 2 GB (a direct ByteBuffer)");
                pageable = ByteBuffer.allocateDirect((int) bytes);
                host = Pointer.to(pageable);
            }
            CudaCalls.check(JCuda.cudaEventCreate(start), "cudaEventCreate");
            CudaCalls.check(JCuda.cudaEventCreate(stop), "cudaEventCreate");
            events = true;
            float[] ms = new float[1];
            for (int s = -1; s < samples; s++) {
                checkpoint.check();
                CudaCalls.check(JCuda.cudaEventRecord(start, null), "cudaEventRecord");
                for (int c = 0; c < copies; c++) copyOnce(direction, dev, dev2, host, bytes);
                CudaCalls.check(JCuda.cudaEventRecord(stop, null), "cudaEventRecord");
                CudaCalls.check(JCuda.cudaEventSynchronize(stop), "cudaEventSynchronize");
                CudaCalls.check(JCuda.cudaEventElapsedTime(ms, start, stop), "cudaEventElapsedTime");
                if (s >= 0) perCopy[s] = ms[0] / copies;
            }
        } finally {
            if (events) {
                JCuda.cudaEventDestroy(start);
                JCuda.cudaEventDestroy(stop);
            }
            JCuda.cudaFree(dev);
            JCuda.cudaFree(dev2);
            if (pinnedHost) JCuda.cudaFreeHost(host);
        }
        Stats stats = Stats.of(perCopy);
        double counted = direction == Direction.D2D ? 2.0 * bytes : bytes;
        MemoryKind mem = direction == Direction.D2D ? MemoryKind.DEVICE : memory;
        return new BandwidthPoint(device(), mem, direction, bytes, stats, copies, counted / (stats.median() / 1e3) / 1e9);
    }

    private static void copyOnce(Direction direction, Pointer dev, Pointer dev2, Pointer host, long bytes) {
        switch (direction) {
            case H2D:
                CudaCalls.check(JCuda.cudaMemcpy(dev, host, bytes, cudaMemcpyKind.cudaMemcpyHostToDevice), "cudaMemcpy(H2D)");
                break;
            case D2H:
                CudaCalls.check(JCuda.cudaMemcpy(host, dev, bytes, cudaMemcpyKind.cudaMemcpyDeviceToHost), "cudaMemcpy(D2H)");
                break;
            default:
                CudaCalls.check(JCuda.cudaMemcpy(dev2, dev, bytes, cudaMemcpyKind.cudaMemcpyDeviceToDevice), "cudaMemcpy(D2D)");
        }
    }
}
