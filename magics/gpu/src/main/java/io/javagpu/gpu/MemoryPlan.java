package io.javagpu.gpu;

import java.util.Locale;

/** Refuses sizes that cannot fit before anything is allocated. Pure functions of the sizes and free memory. */
public final class MemoryPlan {
    /** Head room left for cuBLAS workspaces and the CUDA context. */
    public static final long DEVICE_HEADROOM = 64L << 20;
    /** Largest Java array. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private MemoryPlan() {
    }

    public static long deviceBytes(MatmulShape s, Dtype d) {
        return (s.elementsA() + s.elementsB()) * d.inputBytes() + s.elementsC() * d.outputBytes();
    }

    /** Host bytes: A and B as generated (f32/f64 arrays, plus 16-bit copies for f16/bf16 on the GPU), C, and the CPU GEMM's workspace. */
    public static long hostBytes(MatmulShape s, Dtype d, boolean gpu, long gemmWorkspaceBytes) {
        long ab = s.elementsA() + s.elementsB();
        long bytes = ab * (d == Dtype.F64 ? 8 : 4) + s.elementsC() * (d == Dtype.F64 ? 8 : 4);
        if (gpu && (d == Dtype.F16 || d == Dtype.BF16)) bytes += ab * 2;
        return bytes + gemmWorkspaceBytes;
    }

    /** Null when it fits, else the refusal text with the numbers. */
    public static String refuseOnDevice(MatmulShape s, Dtype d, long freeBytes, long totalBytes) {
        long needed = deviceBytes(s, d) + DEVICE_HEADROOM;
        if (needed <= freeBytes) return null;
        return String.format(Locale.ROOT, "matmul %s %s needs %s on the device (A, B, C + %s head room) but only %s of %s is free;"
                        + " try a smaller size or free device memory",
                s, d, mib(needed), mib(DEVICE_HEADROOM), mib(freeBytes), mib(totalBytes));
    }

    /** Null when it fits in the Java heap, else the refusal text with what it needs and what the heap has. */
    public static String refuseOnHeap(MatmulShape s, Dtype d, boolean gpu, long gemmWorkspaceBytes, long availableHeap, long maxHeap) {
        long needed = hostBytes(s, d, gpu, gemmWorkspaceBytes);
        String heap = String.format(Locale.ROOT, "%s of Java heap for the host matrices%s but only %s of %s is available",
                mib(needed), gemmWorkspaceBytes > 0 ? " and the CPU GEMM's workspace" : "", mib(availableHeap), mib(maxHeap));
        long biggest = Math.max(s.elementsC(), Math.max(s.elementsA(), s.elementsB()));
        if (biggest > MAX_ARRAY) {
            return String.format(Locale.ROOT, "matmul %s %s: a matrix of %,d elements exceeds the largest Java array (%,d elements);"
                    + " it would also need %s; try a smaller size", s, d, biggest, MAX_ARRAY, heap);
        }
        if (needed <= availableHeap) return null;
        return String.format(Locale.ROOT, "matmul %s %s needs %s; try a smaller size or restart the kernel with a larger -Xmx", s, d, heap);
    }

    /** Heap the JVM can still give: max minus what is in use now. */
    public static long availableHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    static String mib(long bytes) {
        if (bytes >= (1L << 30)) return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
