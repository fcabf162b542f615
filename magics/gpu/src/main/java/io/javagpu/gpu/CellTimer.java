package io.javagpu.gpu;

import io.javagpu.gpu.cuda.CudaBinding;
import io.javagpu.magics.MagicContext;

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
            CudaBinding cuda = GpuProbe.binding();
            // events on the context's default stream see the work the cell submits to it from any thread
            try (CudaBinding.DeviceScope scope = cuda.enter(GpuDevices.selected()); CudaBinding.Event start = cuda.createEvent();
                 CudaBinding.Event stop = cuda.createEvent()) {
                cuda.synchronizeDevice();
                cuda.record(start, null);
                long t0 = System.nanoTime();
                Object value = ctx.eval(body);
                cuda.record(stop, null);
                cuda.synchronize(stop);
                double wall = (System.nanoTime() - t0) / 1e6;
                timing = new CellTiming(backend.device(), true, wall, cuda.elapsedMs(start, stop), Double.NaN, value);
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
