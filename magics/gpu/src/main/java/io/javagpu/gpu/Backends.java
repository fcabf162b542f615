package io.javagpu.gpu;


import java.util.ArrayList;
import java.util.List;

/**
 * Picks backends for --device auto|gpu|cpu|both. Never falls back silently: "auto" on a machine without a usable GPU
 * returns the CPU with a note saying why, "gpu" and "both" without one fail with the reason and the fix.
 */
public final class Backends {

    /** The backends to run, in order, and the notes to show (e.g. "ran on CPU because: ..."). */
    public record Choice(List<GpuBackend> backends, List<String> notes) {
    }

    private Backends() {
    }

    /** @param needsCublas whether the work needs cuBLAS (matmul) besides a device (bandwidth does not) */
    public static Choice choose(String device, boolean needsCublas) throws GpuException {
        String d = device == null ? "auto" : device.trim().toLowerCase(java.util.Locale.ROOT);
        List<GpuBackend> list = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        switch (d) {
            case "cpu":
                list.add(new CpuBackend());
                return new Choice(list, notes);
            case "auto": {
                String why = whyNoGpu(needsCublas);
                if (why.isEmpty()) list.add(new CudaBackend(GpuProbe.binding(), GpuDevices.selected()));
                else {
                    list.add(new CpuBackend());
                    notes.add("ran on CPU because: " + why);
                }
                return new Choice(list, notes);
            }
            case "gpu":
            case "cuda":
            case "both": {
                String why = whyNoGpu(needsCublas);
                if (!why.isEmpty()) throw new GpuException("--device " + d + ": no usable GPU: " + why);
                list.add(new CudaBackend(GpuProbe.binding(), GpuDevices.selected()));
                if (d.equals("both")) list.add(new CpuBackend());
                return new Choice(list, notes);
            }
            default:
                throw new GpuException("unknown --device '" + device + "': use auto, gpu, cpu or both");
        }
    }

    /** Empty when the GPU (and cuBLAS when needed) can be used, else the reason with the fix. */
    public static String whyNoGpu(boolean needsCublas) {
        return GpuDiagnosis.diagnose(GpuProbe.facts()).whyNot(needsCublas);
    }
}
