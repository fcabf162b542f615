package io.javagpu.gpu;

import jcuda.Pointer;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaMemcpyKind;

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
    private A hostValues;
    private Pointer devicePointer;
    private boolean freed;
    private final java.lang.ref.Cleaner.Cleanable cleanable;

    private DeviceArray(Class<?> elementType, int length, int deviceIndex, A hostValues, Pointer devicePointer) {
        this.elementType = elementType;
        this.length = length;
        this.deviceIndex = deviceIndex;
        this.hostValues = hostValues;
        this.devicePointer = devicePointer;
        // device memory of an array the notebook forgot to free is released when the array is garbage collected
        this.cleanable = devicePointer == null ? null : CLEANER.register(this, new DeviceFree(devicePointer, deviceIndex));
    }

    /** Frees device memory; holds no reference to the DeviceArray so that it can be collected. */
    private static final class DeviceFree implements Runnable {
        private final Pointer pointer;
        private final int device;

        DeviceFree(Pointer pointer, int device) {
            this.pointer = pointer;
            this.device = device;
        }

        @Override
        public void run() {
            try {
                JCuda.cudaSetDevice(device);
                JCuda.cudaFree(pointer);
            } catch (Throwable ignored) {
                // nothing useful to do in a cleaner
            }
        }
    }

    static DeviceArray<double[]> of(double[] values, String device) {
        int index = Gpu.parseDevice(device);
        if (index < 0) return new DeviceArray<>(double.class, values.length, -1, values.clone(), null);
        Pointer p = upload(Pointer.to(values), (long) values.length * Double.BYTES, index);
        return new DeviceArray<>(double.class, values.length, index, null, p);
    }

    static DeviceArray<float[]> of(float[] values, String device) {
        int index = Gpu.parseDevice(device);
        if (index < 0) return new DeviceArray<>(float.class, values.length, -1, values.clone(), null);
        Pointer p = upload(Pointer.to(values), (long) values.length * Float.BYTES, index);
        return new DeviceArray<>(float.class, values.length, index, null, p);
    }

    private static Pointer upload(Pointer host, long bytes, int index) {
        CudaCalls.check(JCuda.cudaSetDevice(index), "cudaSetDevice(" + index + ")");
        Pointer p = new Pointer();
        CudaCalls.check(JCuda.cudaMalloc(p, Math.max(1, bytes)), "cudaMalloc");
        try {
            if (bytes > 0) CudaCalls.check(JCuda.cudaMemcpy(p, host, bytes, cudaMemcpyKind.cudaMemcpyHostToDevice), "cudaMemcpy(H2D)");
        } catch (RuntimeException e) {
            JCuda.cudaFree(p);
            throw e;
        }
        return p;
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
        CudaCalls.check(JCuda.cudaSetDevice(deviceIndex), "cudaSetDevice(" + deviceIndex + ")");
        if (elementType == double.class) {
            double[] out = new double[length];
            if (length > 0) CudaCalls.check(JCuda.cudaMemcpy(Pointer.to(out), devicePointer, (long) length * Double.BYTES,
                    cudaMemcpyKind.cudaMemcpyDeviceToHost), "cudaMemcpy(D2H)");
            return (A) out;
        }
        float[] out = new float[length];
        if (length > 0) CudaCalls.check(JCuda.cudaMemcpy(Pointer.to(out), devicePointer, (long) length * Float.BYTES,
                cudaMemcpyKind.cudaMemcpyDeviceToHost), "cudaMemcpy(D2H)");
        return (A) out;
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
        devicePointer = null;
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
