package io.javagpu.gpu;

import io.javagpu.magics.MagicContext;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaEvent_t;

import java.lang.management.ManagementFactory;

/** Times a cell for %%gpu: CUDA events plus wall clock on the GPU, wall clock plus process CPU time on the CPU. */
final class CellTimer {
    private CellTimer() {
    }

    static CellTiming time(MagicContext ctx, String body, String device) throws Exception {
        Backends.Choice choice = Backends.choose(device, false);
        for (String n : choice.notes()) ctx.out().println(n);
        GpuBackend backend = choice.backends().get(0);
        CellTiming timing;
        if (backend.isGpu()) {
            int index = GpuDevices.selected();
            CudaCalls.check(JCuda.cudaSetDevice(index), "cudaSetDevice");
            cudaEvent_t start = new cudaEvent_t(), stop = new cudaEvent_t();
            CudaCalls.check(JCuda.cudaEventCreate(start), "cudaEventCreate");
            CudaCalls.check(JCuda.cudaEventCreate(stop), "cudaEventCreate");
            try {
                CudaCalls.check(JCuda.cudaDeviceSynchronize(), "cudaDeviceSynchronize");
                CudaCalls.check(JCuda.cudaEventRecord(start, null), "cudaEventRecord");
                long t0 = System.nanoTime();
                Object value = ctx.eval(body);
                CudaCalls.check(JCuda.cudaEventRecord(stop, null), "cudaEventRecord");
                CudaCalls.check(JCuda.cudaEventSynchronize(stop), "cudaEventSynchronize");
                double wall = (System.nanoTime() - t0) / 1e6;
                float[] ms = new float[1];
                CudaCalls.check(JCuda.cudaEventElapsedTime(ms, start, stop), "cudaEventElapsedTime");
                timing = new CellTiming(backend.device(), true, wall, ms[0], Double.NaN, value);
            } finally {
                JCuda.cudaEventDestroy(start);
                JCuda.cudaEventDestroy(stop);
            }
        } else {
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            Object value = ctx.eval(body);
            double wall = (System.nanoTime() - t0) / 1e6;
            long cpu1 = processCpuNanos();
            timing = new CellTiming(backend.device(), false, wall, Double.NaN, cpu0 < 0 || cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / 1e6, value);
        }
        ctx.display().display(GpuViews.cellTiming(timing), null);
        return timing;
    }

    private static long processCpuNanos() {
        try {
            java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime();
        } catch (Throwable ignored) {
            // not available on this JVM
        }
        return -1;
    }
}
