package io.javagpu.gpu.cuda;

import io.javagpu.gpu.Dtype;
import io.javagpu.gpu.ProbeFacts;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The few CUDA and cuBLAS operations %gpu needs, independent of how they are reached (JCuda's JNI runtime API, or
 * the driver API through java.lang.foreign). Everything above it (timing loops, verification, reports) is written
 * once. Calls that fail throw {@link io.javagpu.gpu.CudaException} with the status code and its name; handles free
 * themselves on {@code close()}.
 *
 * <p>Device work happens inside a {@link DeviceScope}: {@link #enter(int)} makes the device's primary context current
 * on the calling thread and its {@code close()} restores what was current before, so no caller's current device is
 * ever changed. Attributes need no context and no scope.
 */
public interface CudaBinding {

    /** "jcuda" or "foreign". */
    String name();

    /** The first call that needs the driver (cuInit / cudaGetDeviceCount), as a status; never throws. */
    ProbeFacts.Status init();

    /** What the driver reports (e.g. 13000), 0 without a driver. */
    int driverVersion();

    int deviceCount();

    /** Read without creating a context. */
    DeviceAttributes attributes(int device);

    DeviceScope enter(int device);

    /** Free and total memory of the device whose scope the calling thread is in. */
    MemoryInfo memoryInfo();

    /** Waits for all work of the current context (cuCtxSynchronize / cudaDeviceSynchronize). */
    void synchronizeDevice();

    DeviceMemory allocate(long bytes);

    /** Pinned (page-locked, cuMemHostAlloc / cudaMallocHost) or pageable (plain native) host memory. */
    HostMemory allocateHost(long bytes, boolean pinned);

    Stream createStream();

    void synchronize(Stream stream);

    Event createEvent();

    /** Records on {@code stream}; null is the context's default (legacy) stream. */
    void record(Event event, Stream stream);

    void synchronize(Event event);

    float elapsedMs(Event start, Event stop);

    void copyAsync(DeviceMemory to, HostMemory from, long bytes, Stream stream);

    void copyAsync(HostMemory to, DeviceMemory from, long bytes, Stream stream);

    void copyAsync(DeviceMemory to, DeviceMemory from, long bytes, Stream stream);

    /** Synchronous host-to-device copy (cuMemcpyHtoD / cudaMemcpy). */
    void copy(DeviceMemory to, HostMemory from, long bytes);

    /** Synchronous device-to-host copy. */
    void copy(HostMemory to, DeviceMemory from, long bytes);

    /** A cuBLAS handle in the current context whose work goes to {@code stream}. */
    Blas createBlas(Stream stream);

    /**
     * Column-major C(m x n) = A(m x k) * B(k x n), no transposes, alpha 1, beta 0: cublasSgemm (f32), cublasDgemm
     * (f64), cublasGemmEx with CUBLAS_COMPUTE_32F_FAST_TF32 (tf32) or 16-bit inputs and f32 output (f16, bf16).
     */
    void gemm(Blas blas, Dtype dtype, int m, int n, int k, DeviceMemory a, int lda, DeviceMemory b, int ldb,
              DeviceMemory c, int ldc);

    /** The libraries this binding loaded or looked for, for %gpu info. */
    List<ProbeFacts.Library> libraries();

    /** Null when cuBLAS loaded, else why not (with what was looked for). */
    String blasWhyNot();

    /** A handle that releases what it holds; closing twice is harmless. */
    interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    interface DeviceScope extends Handle {
        int device();
    }

    interface DeviceMemory extends Handle {
        long bytes();
    }

    interface HostMemory extends Handle {
        long bytes();

        boolean pinned();

        /** A native-order view of the whole buffer, to fill or read. */
        ByteBuffer buffer();
    }

    interface Stream extends Handle {
    }

    interface Event extends Handle {
    }

    interface Blas extends Handle {
        /** cublasGetVersion, e.g. 130100. */
        int version();
    }

    record MemoryInfo(long free, long total) {
    }

    /**
     * @param pciBusId "0000:65:00.0", or "?" when unknown
     */
    record DeviceAttributes(int index, String name, int major, int minor, int multiprocessors, long totalMemory,
                            int clockKHz, int memoryClockKHz, int memoryBusWidth, String pciBusId) {
    }
}
