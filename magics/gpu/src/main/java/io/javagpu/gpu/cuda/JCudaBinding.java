package io.javagpu.gpu.cuda;

import io.javagpu.gpu.CublasLocator;
import io.javagpu.gpu.Dtype;
import io.javagpu.gpu.ProbeFacts;
import jcuda.Pointer;
import jcuda.cudaDataType;
import jcuda.driver.CUcontext;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasComputeType;
import jcuda.jcublas.cublasGemmAlgo;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaDeviceAttr;
import jcuda.runtime.cudaDeviceProp;
import jcuda.runtime.cudaEvent_t;
import jcuda.runtime.cudaMemcpyKind;
import jcuda.runtime.cudaStream_t;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binding through JCuda 12.6: the CUDA runtime API (linked statically into JCuda's native library, version 12.0,
 * so it needs only the driver's libcuda.so.1) and JCublas2, which needs libcublas.so.12. Only made by
 * {@link CudaBindings} once JCuda's natives are on java.library.path.
 */
final class JCudaBinding implements CudaBinding {
    private final List<ProbeFacts.Library> libraries = new ArrayList<>();
    private final String blasWhyNot;
    private ProbeFacts.Status init;

    private JCudaBinding(String blasWhyNot, List<ProbeFacts.Library> libraries) {
        this.blasWhyNot = blasWhyNot;
        this.libraries.addAll(libraries);
    }

    /** Loads JCuda's runtime library and cuBLAS 12 (Lt first); JCublas2 is touched only if cuBLAS loaded. */
    static JCudaBinding load(CublasLocator locator) {
        List<ProbeFacts.Library> libs = new ArrayList<>();
        for (String base : JCudaNatives.NEEDED) {
            java.nio.file.Path p = JCudaNatives.onLibraryPath(base);
            libs.add(new ProbeFacts.Library(JCudaNatives.fileName(base, JCudaNatives.platform()), p == null ? null : p.toString(),
                    JCudaNatives.VERSION, p != null, null, List.of(), "java.library.path"));
        }
        // loads JCuda's runtime library now, so that a failure shows here and not in the middle of a magic
        JCudaCalls.runtime(() -> JCuda.cudaRuntimeGetVersion(new int[1]));
        CublasLocator.LoadResult cublas = locator.load(List.of(12), System::load);
        String why = null;
        if (cublas.ok()) {
            CublasLocator.Candidate c = cublas.loaded();
            String version = blasVersion();
            libs.add(new ProbeFacts.Library(locator.cublasLtName(12), c.cublasLt().toString(), c.version(), true, null, List.of(), c.source()));
            libs.add(new ProbeFacts.Library(locator.cublasName(12), c.cublas().toString(), version, true, null, List.of(), c.source()));
        } else {
            why = locator.cublasName(12) + (cublas.errors().isEmpty() ? " not found" : " not loaded: " + String.join("; ", cublas.errors()))
                    + " (looked in " + cublas.search().lookedSummary() + ")";
            libs.add(new ProbeFacts.Library(locator.cublasName(12), null, null, false, why, List.of(), cublas.search().lookedSummary()));
            for (CublasLocator.Candidate c : locator.search(List.of(13)).candidates()) {
                libs.add(new ProbeFacts.Library(locator.cublasName(13), c.cublas().toString(), c.version(), false,
                        "JCuda's JCublas2 needs " + locator.cublasName(12) + "; the foreign binding (JDK 22+) can use this one",
                        List.of(), c.source()));
            }
        }
        return new JCudaBinding(why, libs);
    }

    private static String blasVersion() {
        int[] parts = new int[3];
        for (int type = 0; type < 3; type++) {
            int[] value = new int[1];
            int t = type;
            if (JCudaCalls.blas(() -> JCublas2.cublasGetProperty(t, value)) != 0) return "12";
            parts[type] = value[0];
        }
        return parts[0] + "." + parts[1] + "." + parts[2];
    }

    @Override
    public String name() {
        return "jcuda";
    }

    @Override
    public synchronized ProbeFacts.Status init() {
        if (init != null && init.isOk()) return init;
        int[] count = new int[1];
        int code = JCudaCalls.runtime(() -> JCuda.cudaGetDeviceCount(count));
        init = code == 0 ? ProbeFacts.Status.ok("cudaGetDeviceCount")
                : new ProbeFacts.Status(code, JCudaCalls.errorName(code), JCudaCalls.errorText(code), "cudaGetDeviceCount");
        String driver = MappedLibraries.pathOf("libcuda.so");
        if (driver != null && libraries.stream().noneMatch(l -> l.name().equals("libcuda.so.1"))) {
            libraries.add(new ProbeFacts.Library("libcuda.so.1", driver, String.valueOf(driverVersion()), true, null, List.of(),
                    "loaded by the CUDA runtime"));
        }
        return init;
    }

    @Override
    public int driverVersion() {
        int[] v = new int[1];
        return JCudaCalls.runtime(() -> JCuda.cudaDriverGetVersion(v)) == 0 ? v[0] : 0;
    }

    @Override
    public int deviceCount() {
        int[] count = new int[1];
        JCudaCalls.check("cudaGetDeviceCount", () -> JCuda.cudaGetDeviceCount(count));
        return count[0];
    }

    @Override
    public DeviceAttributes attributes(int device) {
        cudaDeviceProp p = new cudaDeviceProp();
        JCudaCalls.check("cudaGetDeviceProperties(" + device + ")", () -> JCuda.cudaGetDeviceProperties(p, device));
        String[] pci = new String[1];
        String pciId = JCudaCalls.runtime(() -> JCuda.cudaDeviceGetPCIBusId(pci, 64, device)) == 0 && pci[0] != null ? pci[0].trim() : "?";
        return new DeviceAttributes(device, cString(p.name), attribute(cudaDeviceAttr.cudaDevAttrComputeCapabilityMajor, device),
                attribute(cudaDeviceAttr.cudaDevAttrComputeCapabilityMinor, device),
                attribute(cudaDeviceAttr.cudaDevAttrMultiProcessorCount, device), p.totalGlobalMem,
                attribute(cudaDeviceAttr.cudaDevAttrClockRate, device), attribute(cudaDeviceAttr.cudaDevAttrMemoryClockRate, device),
                attribute(cudaDeviceAttr.cudaDevAttrGlobalMemoryBusWidth, device), pciId);
    }

    private static int attribute(int attr, int device) {
        int[] v = new int[1];
        return JCudaCalls.runtime(() -> JCuda.cudaDeviceGetAttribute(v, attr, device)) == 0 ? v[0] : 0;
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) end++;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * cudaSetDevice binds the device's primary context to this thread; on close the context that was current before
     * is made current again (through the driver API, which the runtime follows). A thread that had no context gets
     * none back: the runtime then keeps {@code device} as its default for that thread, as setting the old default
     * again would create a context on a device nobody chose.
     */
    @Override
    public DeviceScope enter(int device) {
        CUcontext previous = new CUcontext();
        boolean saved = JCudaCalls.runtime(() -> JCudaDriver.cuCtxGetCurrent(previous)) == 0;
        JCudaCalls.check("cudaSetDevice(" + device + ")", () -> JCuda.cudaSetDevice(device));
        StickyErrors.noteUse();
        return new DeviceScope() {
            private boolean closed;

            @Override
            public int device() {
                return device;
            }

            @Override
            public void close() {
                if (closed || !saved) return;
                closed = true;
                JCudaCalls.quietly(() -> JCudaDriver.cuCtxSetCurrent(previous));
            }
        };
    }

    @Override
    public MemoryInfo memoryInfo() {
        long[] free = new long[1], total = new long[1];
        JCudaCalls.check("cudaMemGetInfo", () -> JCuda.cudaMemGetInfo(free, total));
        return new MemoryInfo(free[0], total[0]);
    }

    @Override
    public void synchronizeDevice() {
        JCudaCalls.check("cudaDeviceSynchronize", JCuda::cudaDeviceSynchronize);
    }

    private record Device(Pointer pointer, long bytes) implements DeviceMemory {
        @Override
        public void close() {
            JCudaCalls.quietly(() -> JCuda.cudaFree(pointer));
        }
    }

    @Override
    public DeviceMemory allocate(long bytes) {
        Pointer p = new Pointer();
        JCudaCalls.check("cudaMalloc(" + bytes + ")", () -> JCuda.cudaMalloc(p, Math.max(1, bytes)));
        return new Device(p, bytes);
    }

    private record Host(Pointer pointer, ByteBuffer view, long bytes, boolean pinned) implements HostMemory {
        @Override
        public ByteBuffer buffer() {
            return view.duplicate().order(ByteOrder.nativeOrder());
        }

        @Override
        public void close() {
            if (pinned) JCudaCalls.quietly(() -> JCuda.cudaFreeHost(pointer));
        }
    }

    @Override
    public HostMemory allocateHost(long bytes, boolean pinned) {
        HostBuffers.checkSize(bytes);
        if (!pinned) {
            ByteBuffer buffer = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
            return new Host(Pointer.to(buffer), buffer, bytes, false);
        }
        Pointer p = new Pointer();
        JCudaCalls.check("cudaMallocHost(" + bytes + ")", () -> JCuda.cudaMallocHost(p, Math.max(1, bytes)));
        return new Host(p, p.getByteBuffer(0, bytes).order(ByteOrder.nativeOrder()), bytes, true);
    }

    private record JStream(cudaStream_t stream) implements Stream {
        @Override
        public void close() {
            JCudaCalls.quietly(() -> JCuda.cudaStreamDestroy(stream));
        }
    }

    private static cudaStream_t stream(Stream s) {
        return s == null ? null : ((JStream) s).stream();
    }

    @Override
    public Stream createStream() {
        cudaStream_t s = new cudaStream_t();
        JCudaCalls.check("cudaStreamCreate", () -> JCuda.cudaStreamCreate(s));
        return new JStream(s);
    }

    @Override
    public void synchronize(Stream stream) {
        JCudaCalls.check("cudaStreamSynchronize", () -> JCuda.cudaStreamSynchronize(stream(stream)));
    }

    private record JEvent(cudaEvent_t event) implements Event {
        @Override
        public void close() {
            JCudaCalls.quietly(() -> JCuda.cudaEventDestroy(event));
        }
    }

    @Override
    public Event createEvent() {
        cudaEvent_t e = new cudaEvent_t();
        JCudaCalls.check("cudaEventCreate", () -> JCuda.cudaEventCreate(e));
        return new JEvent(e);
    }

    @Override
    public void record(Event event, Stream stream) {
        JCudaCalls.check("cudaEventRecord", () -> JCuda.cudaEventRecord(((JEvent) event).event(), stream(stream)));
    }

    @Override
    public void synchronize(Event event) {
        JCudaCalls.check("cudaEventSynchronize", () -> JCuda.cudaEventSynchronize(((JEvent) event).event()));
    }

    @Override
    public float elapsedMs(Event start, Event stop) {
        float[] ms = new float[1];
        JCudaCalls.check("cudaEventElapsedTime", () -> JCuda.cudaEventElapsedTime(ms, ((JEvent) start).event(), ((JEvent) stop).event()));
        return ms[0];
    }

    private static Pointer p(DeviceMemory m) {
        return ((Device) m).pointer();
    }

    private static Pointer p(HostMemory m) {
        return ((Host) m).pointer();
    }

    @Override
    public void copyAsync(DeviceMemory to, HostMemory from, long bytes, Stream stream) {
        JCudaCalls.check("cudaMemcpyAsync(H2D)", () -> JCuda.cudaMemcpyAsync(p(to), p(from), bytes, cudaMemcpyKind.cudaMemcpyHostToDevice, stream(stream)));
    }

    @Override
    public void copyAsync(HostMemory to, DeviceMemory from, long bytes, Stream stream) {
        JCudaCalls.check("cudaMemcpyAsync(D2H)", () -> JCuda.cudaMemcpyAsync(p(to), p(from), bytes, cudaMemcpyKind.cudaMemcpyDeviceToHost, stream(stream)));
    }

    @Override
    public void copyAsync(DeviceMemory to, DeviceMemory from, long bytes, Stream stream) {
        JCudaCalls.check("cudaMemcpyAsync(D2D)", () -> JCuda.cudaMemcpyAsync(p(to), p(from), bytes, cudaMemcpyKind.cudaMemcpyDeviceToDevice, stream(stream)));
    }

    @Override
    public void copy(DeviceMemory to, HostMemory from, long bytes) {
        JCudaCalls.check("cudaMemcpy(H2D)", () -> JCuda.cudaMemcpy(p(to), p(from), bytes, cudaMemcpyKind.cudaMemcpyHostToDevice));
    }

    @Override
    public void copy(HostMemory to, DeviceMemory from, long bytes) {
        JCudaCalls.check("cudaMemcpy(D2H)", () -> JCuda.cudaMemcpy(p(to), p(from), bytes, cudaMemcpyKind.cudaMemcpyDeviceToHost));
    }

    private record JBlas(cublasHandle handle) implements Blas {
        @Override
        public int version() {
            int[] v = new int[1];
            JCudaCalls.checkBlas("cublasGetVersion", () -> JCublas2.cublasGetVersion(handle, v));
            return v[0];
        }

        @Override
        public void close() {
            JCudaCalls.blas(() -> JCublas2.cublasDestroy(handle));
        }
    }

    @Override
    public Blas createBlas(Stream stream) {
        if (blasWhyNot != null) throw new IllegalStateException("cuBLAS is not loaded: " + blasWhyNot);
        cublasHandle h = new cublasHandle();
        JCudaCalls.checkBlas("cublasCreate", () -> JCublas2.cublasCreate(h));
        JBlas blas = new JBlas(h);
        try {
            JCudaCalls.checkBlas("cublasSetStream", () -> JCublas2.cublasSetStream(h, stream(stream)));
        } catch (RuntimeException e) {
            blas.close();
            throw e;
        }
        return blas;
    }

    @Override
    public void gemm(Blas blas, Dtype dtype, int m, int n, int k, DeviceMemory a, int lda, DeviceMemory b, int ldb,
                     DeviceMemory c, int ldc) {
        cublasHandle h = ((JBlas) blas).handle();
        int op = cublasOperation.CUBLAS_OP_N;
        if (dtype == Dtype.F64) {
            Pointer one = Pointer.to(new double[]{1}), zero = Pointer.to(new double[]{0});
            JCudaCalls.checkBlas("cublasDgemm", () -> JCublas2.cublasDgemm(h, op, op, m, n, k, one, p(a), lda, p(b), ldb, zero, p(c), ldc));
            return;
        }
        Pointer one = Pointer.to(new float[]{1}), zero = Pointer.to(new float[]{0});
        if (dtype == Dtype.F32) {
            JCudaCalls.checkBlas("cublasSgemm", () -> JCublas2.cublasSgemm(h, op, op, m, n, k, one, p(a), lda, p(b), ldb, zero, p(c), ldc));
            return;
        }
        int in = dtype == Dtype.TF32 ? cudaDataType.CUDA_R_32F : dtype == Dtype.F16 ? cudaDataType.CUDA_R_16F : cudaDataType.CUDA_R_16BF;
        int compute = dtype == Dtype.TF32 ? cublasComputeType.CUBLAS_COMPUTE_32F_FAST_TF32 : cublasComputeType.CUBLAS_COMPUTE_32F;
        JCudaCalls.checkBlas("cublasGemmEx(" + dtype + ")", () -> JCublas2.cublasGemmEx_new(h, op, op, m, n, k, one, p(a), in, lda,
                p(b), in, ldb, zero, p(c), cudaDataType.CUDA_R_32F, ldc, compute, cublasGemmAlgo.CUBLAS_GEMM_DEFAULT));
    }

    @Override
    public synchronized List<ProbeFacts.Library> libraries() {
        return List.copyOf(libraries);
    }

    @Override
    public String blasWhyNot() {
        return blasWhyNot;
    }
}
