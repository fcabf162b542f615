package io.javagpu.gpu;

/**
 * The notebook API, imported in every notebook: the Java form of the tutorial's
 * {@code torch.cuda.is_available()} and {@code tensor.to('cuda')}.
 * <pre>
 * if (Gpu.isAvailable()) System.out.println("GPU: " + Gpu.deviceName());
 * else System.out.println(Gpu.whyNot());
 * DeviceArray x = Gpu.to(new double[]{1.0, 2.0}, Gpu.defaultDevice());
 * System.out.println(x.device());   // cuda:0 or cpu
 * </pre>
 */
public final class Gpu {
    private Gpu() {
    }

    /** Whether a CUDA binding sees at least one device (through a driver) and no error has broken the context. */
    public static boolean isAvailable() {
        return GpuProbe.status().usable();
    }

    /** Empty when available, else the reason and the fix. */
    public static String whyNot() {
        return GpuProbe.status().whyNot();
    }

    /** Number of CUDA devices (0 without a usable GPU). */
    public static int deviceCount() {
        return isAvailable() ? GpuProbe.status().deviceCount() : 0;
    }

    /** Name of the selected device, e.g. "NVIDIA H100 80GB HBM3"; "cpu" when no GPU is usable. */
    public static String deviceName() {
        if (!isAvailable()) return "cpu";
        return GpuDevices.info(GpuDevices.selected()).name();
    }

    /** "cuda:N" for the selected device when available, else "cpu". */
    public static String defaultDevice() {
        return isAvailable() ? "cuda:" + GpuDevices.selected() : "cpu";
    }

    /** Runs the chain diagnosis (what %gpu info shows) and returns it. */
    public static GpuDiagnosis.Report diagnose() {
        return GpuDiagnosis.run();
    }

    /** Copies {@code values} to {@code device}: "cuda", "cuda:N" or "cpu". */
    public static DeviceArray<double[]> to(double[] values, String device) {
        return DeviceArray.of(values, device);
    }

    /** Copies {@code values} to {@code device}: "cuda", "cuda:N" or "cpu". */
    public static DeviceArray<float[]> to(float[] values, String device) {
        return DeviceArray.of(values, device);
    }

    /**
     * Parses "cpu", "cuda" (the selected device) or "cuda:N"; returns -1 for cpu. Throws GpuUnavailableException
     * when a GPU is asked for and none is usable, IllegalArgumentException for a bad name or index.
     */
    static int parseDevice(String device) {
        String d = device == null ? "" : device.trim().toLowerCase(java.util.Locale.ROOT);
        if (d.equals("cpu")) return -1;
        int index;
        if (d.equals("cuda") || d.equals("gpu")) {
            index = GpuDevices.selected();
        } else if (d.startsWith("cuda:")) {
            try {
                index = Integer.parseInt(d.substring(5));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad device '" + device + "': use \"cpu\", \"cuda\" or \"cuda:N\"");
            }
        } else {
            throw new IllegalArgumentException("bad device '" + device + "': use \"cpu\", \"cuda\" or \"cuda:N\"");
        }
        if (!isAvailable()) throw new GpuUnavailableException("CUDA is not available, cannot use '" + device + "': " + whyNot());
        int count = GpuProbe.status().deviceCount();
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("device cuda:" + index + " does not exist: valid devices are cuda:0..cuda:" + (count - 1));
        }
        return index;
    }
}
