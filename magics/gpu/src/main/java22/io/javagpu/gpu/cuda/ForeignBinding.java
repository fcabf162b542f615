package io.javagpu.gpu.cuda;

import io.javagpu.gpu.CublasLocator;
import io.javagpu.gpu.Dtype;
import io.javagpu.gpu.ProbeFacts;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The binding through java.lang.foreign (JDK 22+): the CUDA driver API in libcuda.so.1 and cuBLAS 13 or 12
 * (libcublasLt of the same folder and version loaded first), so it reaches machines with only CUDA 13. Each device's
 * primary context is retained once and kept for the life of the process (releasing it would free every allocation
 * in it); cuBLAS works in the context current on the calling thread. Loaded reflectively by {@link CudaBindings}.
 */
public final class ForeignBinding implements CudaBinding {
    private static final int CUDA_R_32F = 0, CUDA_R_16F = 2, CUDA_R_16BF = 14;
    private static final int CUBLAS_COMPUTE_32F = 68, CUBLAS_COMPUTE_32F_FAST_TF32 = 77, CUBLAS_GEMM_DEFAULT = -1, CUBLAS_OP_N = 0;

    private final ForeignDriver driver;
    private final ForeignCublas blas;
    private final String blasWhyNot;
    private final List<ProbeFacts.Library> libraries;
    private final Map<Integer, MemorySegment> primaryContexts = new ConcurrentHashMap<>();
    private final MemorySegment oneF, zeroF, oneD, zeroD;

    private ForeignBinding(ForeignDriver driver, ForeignCublas blas, String blasWhyNot, List<ProbeFacts.Library> libraries) {
        this.driver = driver;
        this.blas = blas;
        this.blasWhyNot = blasWhyNot;
        this.libraries = List.copyOf(libraries);
        Arena global = Arena.global();
        oneF = global.allocateFrom(JAVA_FLOAT, 1f);
        zeroF = global.allocateFrom(JAVA_FLOAT, 0f);
        oneD = global.allocateFrom(JAVA_DOUBLE, 1d);
        zeroD = global.allocateFrom(JAVA_DOUBLE, 0d);
    }

    /** Loads libcuda.so.1 and cuBLAS, checking every symbol; called reflectively. */
    public static CudaBindings.Loaded load(CublasLocator locator) {
        List<ProbeFacts.Library> libs = new ArrayList<>();
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return new CudaBindings.Loaded(null, "the foreign binding is for Linux (libcuda.so.1)", libs);
        }
        List<CublasLocator.Place> looked = new ArrayList<>();
        Path found = locator.findDriver(looked);
        String lookedText = summary(looked) + (found == null ? "; then the dynamic linker's search (ld.so.cache)" : "");
        SymbolLookup cuda;
        try {
            cuda = found != null ? SymbolLookup.libraryLookup(found, Arena.global()) : SymbolLookup.libraryLookup("libcuda.so.1", Arena.global());
        } catch (IllegalArgumentException e) {
            String why = "libcuda.so.1 not found (looked in " + lookedText + ")";
            libs.add(new ProbeFacts.Library("libcuda.so.1", null, null, false, why + ": " + e.getMessage(), List.of(), lookedText));
            return new CudaBindings.Loaded(null, why, libs);
        }
        String path = found != null ? found.toString() : MappedLibraries.pathOf("libcuda.so");
        ForeignDriver driver = new ForeignDriver(cuda);
        if (!driver.missing().isEmpty()) {
            String why = "libcuda.so.1 (" + path + ") lacks " + String.join(", ", driver.missing());
            libs.add(new ProbeFacts.Library("libcuda.so.1", path, null, false, why, driver.missing(), lookedText));
            return new CudaBindings.Loaded(null, why, libs);
        }
        int version = driverVersion(driver);
        libs.add(new ProbeFacts.Library("libcuda.so.1", path, version > 0 ? String.valueOf(version) : null, true, null, List.of(), lookedText));

        // cuBLAS 13 needs a CUDA 13 driver (>= 580): an older driver gets cuBLAS 12 only
        List<Integer> majors = version == 0 || version >= 13000 ? CublasLocator.VERSIONS : List.of(12);
        SymbolLookup[] last = new SymbolLookup[1];
        CublasLocator.LoadResult r = locator.load(majors, file -> last[0] = SymbolLookup.libraryLookup(Path.of(file), Arena.global()));
        ForeignCublas blas = null;
        String blasWhyNot;
        if (!r.ok()) {
            String wanted = majors.size() == 1 ? "libcublas.so.12 (this driver supports CUDA " + version / 1000 + "." + version % 1000 / 10
                    + "; cuBLAS 13 needs a CUDA 13 driver, >= 580)" : "libcublas.so.13 or .12";
            blasWhyNot = wanted + " with its libcublasLt" + (r.errors().isEmpty() ? " not found" : " not loaded: " + String.join("; ", r.errors()))
                    + " (looked in " + r.search().lookedSummary() + ")";
            libs.add(new ProbeFacts.Library("libcublas.so.13", null, null, false, blasWhyNot, List.of(), r.search().lookedSummary()));
        } else {
            CublasLocator.Candidate c = r.loaded();
            blas = new ForeignCublas(last[0]);
            libs.add(new ProbeFacts.Library(locator.cublasLtName(c.major()), c.cublasLt().toString(), c.version(), true, null, List.of(), c.source()));
            if (blas.missing().isEmpty()) {
                blasWhyNot = null;
                libs.add(new ProbeFacts.Library(locator.cublasName(c.major()), c.cublas().toString(), blasVersion(blas, c.version()), true, null,
                        List.of(), c.source()));
            } else {
                blasWhyNot = c.cublas() + " lacks " + String.join(", ", blas.missing());
                libs.add(new ProbeFacts.Library(locator.cublasName(c.major()), c.cublas().toString(), c.version(), false, blasWhyNot,
                        blas.missing(), c.source()));
                blas = null;
            }
        }
        return new CudaBindings.Loaded(new ForeignBinding(driver, blas, blasWhyNot, libs), null, libs);
    }

    private static String summary(List<CublasLocator.Place> looked) {
        return String.join("; ", looked.stream().map(p -> p.source()).distinct().toList());
    }

    private static int driverVersion(ForeignDriver driver) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            return driver.driverGetVersion(v) == 0 ? v.get(JAVA_INT, 0) : 0;
        }
    }

    /** "13.1.0" from cublasGetProperty (needs no context). */
    private static String blasVersion(ForeignCublas blas, String fallback) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            StringBuilder sb = new StringBuilder();
            for (int type = 0; type < 3; type++) {
                if (blas.getProperty(type, v) != 0) return fallback;
                if (type > 0) sb.append('.');
                sb.append(v.get(JAVA_INT, 0));
            }
            return sb.toString();
        }
    }

    private void check(String call, int code) {
        if (code != 0) throw CudaFailure.of(call, code, driver.errorName(code), driver.errorText(code));
    }

    private void checkBlas(String call, int status) {
        if (status != 0) throw CudaFailure.of(call, status, blas.statusName(status), "cuBLAS status " + status);
    }

    @Override
    public String name() {
        return "foreign";
    }

    @Override
    public ProbeFacts.Status init() {
        int code = driver.init();
        return code == 0 ? ProbeFacts.Status.ok("cuInit") : new ProbeFacts.Status(code, driver.errorName(code), driver.errorText(code), "cuInit");
    }

    @Override
    public int driverVersion() {
        return driverVersion(driver);
    }

    @Override
    public int deviceCount() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            check("cuDeviceGetCount", driver.deviceGetCount(v));
            return v.get(JAVA_INT, 0);
        }
    }

    private int device(int ordinal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            check("cuDeviceGet(" + ordinal + ")", driver.deviceGet(v, ordinal));
            return v.get(JAVA_INT, 0);
        }
    }

    @Override
    public DeviceAttributes attributes(int index) {
        int dev = device(index);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(256);
            check("cuDeviceGetName", driver.deviceGetName(name, 256, dev));
            MemorySegment total = arena.allocate(JAVA_LONG);
            check("cuDeviceTotalMem_v2", driver.deviceTotalMem(total, dev));
            MemorySegment pci = arena.allocate(64);
            String pciId = driver.deviceGetPciBusId(pci, 64, dev) == 0 ? pci.getString(0).trim() : "?";
            MemorySegment v = arena.allocate(JAVA_INT);
            int[] attrs = {75, 76, 16, 13, 36, 37};
            int[] values = new int[attrs.length];
            for (int i = 0; i < attrs.length; i++) values[i] = driver.deviceGetAttribute(v, attrs[i], dev) == 0 ? v.get(JAVA_INT, 0) : 0;
            return new DeviceAttributes(index, name.getString(0), values[0], values[1], values[2], total.get(JAVA_LONG, 0), values[3],
                    values[4], values[5], pciId);
        }
    }

    private MemorySegment primaryContext(int index) {
        return primaryContexts.computeIfAbsent(index, i -> {
            int dev = device(i);
            MemorySegment out = Arena.ofAuto().allocate(ADDRESS);
            check("cuDevicePrimaryCtxRetain(" + i + ")", driver.primaryCtxRetain(out, dev));
            return out.get(ADDRESS, 0);
        });
    }

    @Override
    public DeviceScope enter(int index) {
        MemorySegment previous;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cuCtxGetCurrent", driver.ctxGetCurrent(out));
            previous = out.get(ADDRESS, 0);
        }
        check("cuCtxSetCurrent", driver.ctxSetCurrent(primaryContext(index)));
        StickyErrors.noteUse();
        return new DeviceScope() {
            private boolean closed;

            @Override
            public int device() {
                return index;
            }

            @Override
            public void close() {
                if (closed) return;
                closed = true;
                driver.ctxSetCurrent(previous);
            }
        };
    }

    @Override
    public MemoryInfo memoryInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG), total = arena.allocate(JAVA_LONG);
            check("cuMemGetInfo_v2", driver.memGetInfo(free, total));
            return new MemoryInfo(free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0));
        }
    }

    @Override
    public void synchronizeDevice() {
        check("cuCtxSynchronize", driver.ctxSynchronize());
    }

    private final class Device implements DeviceMemory {
        final long pointer;
        final long bytes;
        private boolean freed;

        Device(long pointer, long bytes) {
            this.pointer = pointer;
            this.bytes = bytes;
        }

        @Override
        public long bytes() {
            return bytes;
        }

        @Override
        public synchronized void close() {
            if (freed) return;
            freed = true;
            driver.memFree(pointer);
        }
    }

    @Override
    public DeviceMemory allocate(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            check("cuMemAlloc_v2(" + bytes + ")", driver.memAlloc(out, Math.max(1, bytes)));
            return new Device(out.get(JAVA_LONG, 0), bytes);
        }
    }

    private final class Host implements HostMemory {
        final MemorySegment segment;
        private final Arena arena;
        private boolean freed;

        Host(MemorySegment segment, Arena arena) {
            this.segment = segment;
            this.arena = arena;
        }

        @Override
        public long bytes() {
            return segment.byteSize();
        }

        @Override
        public boolean pinned() {
            return arena == null;
        }

        @Override
        public ByteBuffer buffer() {
            return segment.asByteBuffer().order(ByteOrder.nativeOrder());
        }

        @Override
        public synchronized void close() {
            if (freed) return;
            freed = true;
            if (arena != null) arena.close();
            else driver.memFreeHost(segment);
        }
    }

    @Override
    public HostMemory allocateHost(long bytes, boolean pinned) {
        HostBuffers.checkSize(bytes);
        if (!pinned) {
            Arena arena = Arena.ofShared();
            return new Host(arena.allocate(Math.max(1, bytes), 64).asSlice(0, bytes), arena);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cuMemHostAlloc(" + bytes + ")", driver.memHostAlloc(out, Math.max(1, bytes), 0));
            return new Host(out.get(ADDRESS, 0).reinterpret(bytes), null);
        }
    }

    private final class FStream implements Stream {
        final MemorySegment stream;
        private boolean destroyed;

        FStream(MemorySegment stream) {
            this.stream = stream;
        }

        @Override
        public synchronized void close() {
            if (destroyed) return;
            destroyed = true;
            driver.streamDestroy(stream);
        }
    }

    private static MemorySegment s(Stream stream) {
        return stream == null ? MemorySegment.NULL : ((FStream) stream).stream;
    }

    @Override
    public Stream createStream() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cuStreamCreate", driver.streamCreate(out, 0));
            return new FStream(out.get(ADDRESS, 0));
        }
    }

    @Override
    public void synchronize(Stream stream) {
        check("cuStreamSynchronize", driver.streamSynchronize(s(stream)));
    }

    private final class FEvent implements Event {
        final MemorySegment event;
        private boolean destroyed;

        FEvent(MemorySegment event) {
            this.event = event;
        }

        @Override
        public synchronized void close() {
            if (destroyed) return;
            destroyed = true;
            driver.eventDestroy(event);
        }
    }

    private static MemorySegment e(Event event) {
        return ((FEvent) event).event;
    }

    @Override
    public Event createEvent() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cuEventCreate", driver.eventCreate(out, 0));
            return new FEvent(out.get(ADDRESS, 0));
        }
    }

    @Override
    public void record(Event event, Stream stream) {
        check("cuEventRecord", driver.eventRecord(e(event), s(stream)));
    }

    @Override
    public void synchronize(Event event) {
        check("cuEventSynchronize", driver.eventSynchronize(e(event)));
    }

    @Override
    public float elapsedMs(Event start, Event stop) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ms = arena.allocate(JAVA_FLOAT);
            check("cuEventElapsedTime", driver.eventElapsedTime(ms, e(start), e(stop)));
            return ms.get(JAVA_FLOAT, 0);
        }
    }

    private static long d(DeviceMemory m) {
        return ((Device) m).pointer;
    }

    private static MemorySegment h(HostMemory m) {
        return ((Host) m).segment;
    }

    @Override
    public void copyAsync(DeviceMemory to, HostMemory from, long bytes, Stream stream) {
        check("cuMemcpyHtoDAsync_v2", driver.memcpyHtoDAsync(d(to), h(from), bytes, s(stream)));
    }

    @Override
    public void copyAsync(HostMemory to, DeviceMemory from, long bytes, Stream stream) {
        check("cuMemcpyDtoHAsync_v2", driver.memcpyDtoHAsync(h(to), d(from), bytes, s(stream)));
    }

    @Override
    public void copyAsync(DeviceMemory to, DeviceMemory from, long bytes, Stream stream) {
        check("cuMemcpyDtoDAsync_v2", driver.memcpyDtoDAsync(d(to), d(from), bytes, s(stream)));
    }

    @Override
    public void copy(DeviceMemory to, HostMemory from, long bytes) {
        check("cuMemcpyHtoD_v2", driver.memcpyHtoD(d(to), h(from), bytes));
    }

    @Override
    public void copy(HostMemory to, DeviceMemory from, long bytes) {
        check("cuMemcpyDtoH_v2", driver.memcpyDtoH(h(to), d(from), bytes));
    }

    private final class FBlas implements Blas {
        final MemorySegment handle;
        private boolean destroyed;

        FBlas(MemorySegment handle) {
            this.handle = handle;
        }

        @Override
        public int version() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment v = arena.allocate(JAVA_INT);
                checkBlas("cublasGetVersion_v2", blas.getVersion(handle, v));
                return v.get(JAVA_INT, 0);
            }
        }

        @Override
        public synchronized void close() {
            if (destroyed) return;
            destroyed = true;
            blas.destroy(handle);
        }
    }

    @Override
    public Blas createBlas(Stream stream) {
        if (blas == null) throw new IllegalStateException("cuBLAS is not loaded: " + blasWhyNot);
        MemorySegment handle;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            checkBlas("cublasCreate_v2", blas.create(out));
            handle = out.get(ADDRESS, 0);
        }
        FBlas b = new FBlas(handle);
        try {
            checkBlas("cublasSetStream_v2", blas.setStream(handle, s(stream)));
        } catch (RuntimeException ex) {
            b.close();
            throw ex;
        }
        return b;
    }

    @Override
    public void gemm(Blas handle, Dtype dtype, int m, int n, int k, DeviceMemory a, int lda, DeviceMemory b, int ldb,
                     DeviceMemory c, int ldc) {
        MemorySegment h = ((FBlas) handle).handle;
        MemorySegment pa = MemorySegment.ofAddress(d(a)), pb = MemorySegment.ofAddress(d(b)), pc = MemorySegment.ofAddress(d(c));
        int op = CUBLAS_OP_N;
        switch (dtype) {
            case F64:
                checkBlas("cublasDgemm_v2", blas.dgemm(h, op, op, m, n, k, oneD, pa, lda, pb, ldb, zeroD, pc, ldc));
                return;
            case F32:
                checkBlas("cublasSgemm_v2", blas.sgemm(h, op, op, m, n, k, oneF, pa, lda, pb, ldb, zeroF, pc, ldc));
                return;
            default:
                int in = dtype == Dtype.TF32 ? CUDA_R_32F : dtype == Dtype.F16 ? CUDA_R_16F : CUDA_R_16BF;
                int compute = dtype == Dtype.TF32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F;
                checkBlas("cublasGemmEx(" + dtype + ")", blas.gemmEx(h, op, op, m, n, k, oneF, pa, in, lda, pb, in, ldb, zeroF, pc,
                        CUDA_R_32F, ldc, compute, CUBLAS_GEMM_DEFAULT));
        }
    }

    @Override
    public List<ProbeFacts.Library> libraries() {
        return libraries;
    }

    @Override
    public String blasWhyNot() {
        return blasWhyNot;
    }
}
