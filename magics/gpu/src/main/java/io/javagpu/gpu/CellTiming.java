package io.javagpu.gpu;

/**
 * What {@code %%gpu} returns: wall-clock time of the cell and, on the GPU, the time between CUDA events recorded
 * before and after it (default stream); on the CPU the kernel process's CPU time instead. {@code value} is the value
 * of the cell's last expression.
 */
public record CellTiming(String device, boolean gpu, double wallMs, double gpuEventMs, double cpuMs, Object value) {
    @Override
    public String toString() {
        return gpu ? String.format(java.util.Locale.ROOT, "CellTiming[%s: wall %.3f ms, CUDA events %.3f ms]", device, wallMs, gpuEventMs)
                : String.format(java.util.Locale.ROOT, "CellTiming[%s: wall %.3f ms, process CPU %.3f ms]", device, wallMs, cpuMs);
    }
}
