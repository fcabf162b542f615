package io.javagpu.gpu;

import io.javagpu.gpu.cuda.CudaBinding;
import io.javagpu.gpu.cuda.StickyErrors;

import java.nio.ByteBuffer;
/**
 * A double[] or float[] living on a device ("cuda:N") or on the host ("cpu"). Made with {@link Gpu#to};
 * {@link #toHost()} copies it back; {@link #free()} / {@link #close()} releases device memory.
 *
 * @param <A> double[] or float[]
 */
public final class DeviceArray<A> implements AutoCloseable {
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    private final Class<?> elementType;
    private final int length;
    private final int deviceIndex;
    private final CudaBinding cuda;
    private A hostValues;
    private CudaBinding.DeviceMemory memory;
    private boolean freed;
    private final java.lang.ref.Cleaner.Cleanable cleanable;

    private DeviceArray(Class<?> elementType, int length, int deviceIndex, A hostValues, CudaBinding cuda, CudaBinding.DeviceMemory memory) {
        this.elementType = elementType;
        this.length = length;
        this.deviceIndex = deviceIndex;
        this.hostValues = hostValues;
        this.cuda = cuda;
        this.memory = memory;
        // device memory of an array the notebook forgot to free is released when the array is garbage collected
        this.cleanable = memory == null ? null : CLEANER.register(this, new DeviceFree(cuda, memory, deviceIndex));
    }

    /** Frees device memory in its device's scope; holds no reference to the DeviceArray so that it can be collected. */
    private record DeviceFree(CudaBinding cuda, CudaBinding.DeviceMemory memory, int device) implements Runnable {
        @Override
        public void run() {
            try (CudaBinding.DeviceScope scope = cuda.enter(device)) {
                memory.close();
            } catch (RuntimeException ignored) {
                // nothing useful to do in a cleaner
            }
        }
    }

    static DeviceArray<double[]> of(double[] values, String device) {
        int index = Gpu.parseDevice(device);
        if (index < 0) return new DeviceArray<>(double.class, values.length, -1, values.clone(), null, null);
        CudaBinding cuda = GpuProbe.binding();
        CudaBinding.DeviceMemory m = upload(cuda, index, (long) values.length * Double.BYTES, b -> b.asDoubleBuffer().put(values));
        return new DeviceArray<>(double.class, values.length, index, null, cuda, m);
    }

    static DeviceArray<float[]> of(float[] values, String device) {
        int index = Gpu.parseDevice(device);
        if (index < 0) return new DeviceArray<>(float.class, values.length, -1, values.clone(), null, null);
        CudaBinding cuda = GpuProbe.binding();
        CudaBinding.DeviceMemory m = upload(cuda, index, (long) values.length * Float.BYTES, b -> b.asFloatBuffer().put(values));
        return new DeviceArray<>(float.class, values.length, index, null, cuda, m);
    }

    private static CudaBinding.DeviceMemory upload(CudaBinding cuda, int index, long bytes, java.util.function.Consumer<ByteBuffer> fill) {
        String sticky = StickyErrors.refusal();
        if (sticky != null) throw new GpuUnavailableException(sticky);
        try (CudaBinding.DeviceScope scope = cuda.enter(index); CudaBinding.HostMemory host = cuda.allocateHost(bytes, false)) {
            fill.accept(host.buffer());
            CudaBinding.DeviceMemory m = cuda.allocate(bytes);
            try {
                if (bytes > 0) cuda.copy(m, host, bytes);
            } catch (RuntimeException e) {
                m.close();
                throw e;
            }
            return m;
        }
    }

    /** "cuda:0" or "cpu". */
    public String device() {
        return deviceIndex < 0 ? "cpu" : "cuda:" + deviceIndex;
    }

    public boolean isOnGpu() {
        return deviceIndex >= 0;
    }

    public int length() {
        return length;
    }

    /** "double" or "float". */
    public String dtype() {
        return elementType.getName();
    }

    /** A fresh host copy of the values. */
    @SuppressWarnings("unchecked")
    public synchronized A toHost() {
        if (freed) throw new IllegalStateException(this + " was freed");
        if (deviceIndex < 0) {
            return (A) (elementType == double.class ? ((double[]) hostValues).clone() : ((float[]) hostValues).clone());
        }
        long bytes = (long) length * (elementType == double.class ? Double.BYTES : Float.BYTES);
        try (CudaBinding.DeviceScope scope = cuda.enter(deviceIndex); CudaBinding.HostMemory host = cuda.allocateHost(bytes, false)) {
            if (bytes > 0) cuda.copy(host, memory, bytes);
            if (elementType == double.class) {
                double[] out = new double[length];
                host.buffer().asDoubleBuffer().get(out);
                return (A) out;
            }
            float[] out = new float[length];
            host.buffer().asFloatBuffer().get(out);
            return (A) out;
        }
    }

    /** A copy of this array on another device ("cpu", "cuda", "cuda:N"). */
    @SuppressWarnings("unchecked")
    public DeviceArray<A> to(String device) {
        A host = toHost();
        if (elementType == double.class) return (DeviceArray<A>) of((double[]) host, device);
        return (DeviceArray<A>) of((float[]) host, device);
    }

    /** Releases the device memory (idempotent). */
    public synchronized void free() {
        if (freed) return;
        freed = true;
        if (cleanable != null) cleanable.clean();
        memory = null;
        hostValues = null;
    }

    @Override
    public void close() {
        free();
    }

    public synchronized boolean isFreed() {
        return freed;
    }

    @Override
    public String toString() {
        return "DeviceArray[" + length + " x " + dtype() + " on " + device() + (freed ? ", freed" : "") + "]";
    }
}
