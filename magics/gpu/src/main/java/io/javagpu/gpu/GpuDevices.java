package io.javagpu.gpu;

import io.javagpu.gpu.cuda.CudaBinding;

import java.util.ArrayList;
import java.util.List;

/**
 * The devices (attributes only: listing them creates no context) and the device selected with {@code %gpu device N}.
 * Memory figures are read for the selected device only, inside its scope.
 */
public final class GpuDevices {
    private static volatile int selected = 0;
    private static volatile boolean chosen;

    private GpuDevices() {
    }

    public static int selected() {
        return selected;
    }

    /** Selects device {@code index}; throws IllegalArgumentException with the valid range when out of range. */
    public static void select(int index) {
        GpuProbe.Status s = GpuProbe.status();
        if (!s.usable()) throw new IllegalStateException("no usable GPU: " + s.whyNot());
        if (index < 0 || index >= s.deviceCount()) {
            throw new IllegalArgumentException("device " + index + " does not exist: valid devices are 0.." + (s.deviceCount() - 1)
                    + " (CUDA_VISIBLE_DEVICES " + visibleDevices() + ")");
        }
        selected = index;
        chosen = true;
    }

    /**
     * Makes the selected device current on the calling thread, for code in a cell that calls CUDA itself (the current
     * device is per thread, and a cell may run on a thread of its own). Does nothing until {@code %gpu device N} was
     * used, so that cells which never touch the GPU create no context. Never throws.
     */
    public static void applyToCurrentThread() {
        if (!chosen) return;
        CudaBinding cuda = GpuProbe.binding();
        if (cuda == null) return;
        try {
            cuda.enter(selected); // not closed: the device is to stay current on this thread for the cell
        } catch (RuntimeException e) {
            // the next %gpu magic or Gpu call reports the failure
        }
    }

    public static String visibleDevices() {
        String v = System.getenv("CUDA_VISIBLE_DEVICES");
        return v == null ? "unset" : "'" + v + "'";
    }

    /** Every device, attributes only (free memory -1: unknown without a context). */
    public static List<DeviceInfo> all() {
        List<DeviceInfo> out = new ArrayList<>();
        CudaBinding cuda = GpuProbe.binding();
        if (cuda == null || !GpuProbe.status().usable()) return out;
        for (int i = 0; i < GpuProbe.status().deviceCount(); i++) out.add(info(cuda.attributes(i), -1));
        return out;
    }

    /** The attributes of device {@code index}, without free memory. */
    public static DeviceInfo info(int index) {
        CudaBinding cuda = GpuProbe.binding();
        if (cuda == null) throw new GpuUnavailableException("no CUDA binding: " + GpuProbe.status().whyNot());
        return info(cuda.attributes(index), -1);
    }

    static DeviceInfo info(CudaBinding.DeviceAttributes a, long freeBytes) {
        return new DeviceInfo(a.index(), a.name(), a.major(), a.minor(), a.multiprocessors(), a.totalMemory(), freeBytes,
                a.clockKHz(), a.memoryClockKHz(), a.memoryBusWidth(), a.pciBusId());
    }

    /** Free and total memory of the selected device (its context is made current for the call, then restored). */
    public static CudaBinding.MemoryInfo memoryOfSelected() {
        CudaBinding cuda = GpuProbe.binding();
        if (cuda == null) throw new GpuUnavailableException("no CUDA binding: " + GpuProbe.status().whyNot());
        try (CudaBinding.DeviceScope scope = cuda.enter(selected)) {
            return cuda.memoryInfo();
        }
    }
}
