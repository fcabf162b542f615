package io.javagpu.gpu;

import jcuda.runtime.JCuda;
import jcuda.runtime.cudaDeviceAttr;
import jcuda.runtime.cudaDeviceProp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Device properties through the runtime API, and the device selected with {@code %gpu device N}. */
public final class GpuDevices {
    private static volatile int selected = 0;

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
        CudaCalls.check(JCuda.cudaSetDevice(index), "cudaSetDevice(" + index + ")");
        selected = index;
    }

    public static String visibleDevices() {
        String v = System.getenv("CUDA_VISIBLE_DEVICES");
        return v == null ? "unset" : "'" + v + "'";
    }

    public static List<DeviceInfo> all() {
        List<DeviceInfo> out = new ArrayList<>();
        GpuProbe.Status s = GpuProbe.status();
        if (!s.usable()) return out;
        for (int i = 0; i < s.deviceCount(); i++) out.add(info(i));
        return out;
    }

    public static DeviceInfo info(int index) {
        cudaDeviceProp p = new cudaDeviceProp();
        CudaCalls.check(JCuda.cudaGetDeviceProperties(p, index), "cudaGetDeviceProperties(" + index + ")");
        int[] v = new int[1];
        int clock = JCuda.cudaDeviceGetAttribute(v, cudaDeviceAttr.cudaDevAttrClockRate, index) == 0 ? v[0] : 0;
        int memClock = JCuda.cudaDeviceGetAttribute(v, cudaDeviceAttr.cudaDevAttrMemoryClockRate, index) == 0 ? v[0] : 0;
        int bus = JCuda.cudaDeviceGetAttribute(v, cudaDeviceAttr.cudaDevAttrGlobalMemoryBusWidth, index) == 0 ? v[0] : 0;
        String[] pci = new String[1];
        String pciId = JCuda.cudaDeviceGetPCIBusId(pci, 64, index) == 0 && pci[0] != null ? pci[0].trim() : "?";
        long[] free = new long[1], total = new long[1];
        int[] current = new int[1];
        JCuda.cudaGetDevice(current);
        long freeBytes = -1;
        if (JCuda.cudaSetDevice(index) == 0 && JCuda.cudaMemGetInfo(free, total) == 0) freeBytes = free[0];
        JCuda.cudaSetDevice(current[0]);
        return new DeviceInfo(index, name(p.name), p.major, p.minor, p.multiProcessorCount, p.totalGlobalMem, freeBytes,
                clock, memClock, bus, pciId);
    }

    private static String name(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) end++;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
