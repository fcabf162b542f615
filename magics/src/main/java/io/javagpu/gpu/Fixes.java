package io.javagpu.gpu;

/** Reasons and concrete fixes for each broken link of the chain. */
final class Fixes {
    static final String DRIVER_FIX = "install the NVIDIA driver >= 525 (CUDA 12) and check that `nvidia-smi` lists the GPU;"
            + " in a container, run it with --gpus all (NVIDIA Container Toolkit)";
    static final String CUBLAS_FIX = "`pip install nvidia-cublas-cu12` (any Python on this machine), or install the CUDA 12 toolkit"
            + " (/usr/local/cuda-12.x), or on JDK 22+ (foreign binding) cuBLAS 13 (`pip install nvidia-cublas`), or set"
            + " JAVA_GPU_CUDA_LIBRARY_PATH to the folder holding libcublas.so.N and libcublasLt.so.N; then restart the kernel";
    static final String NATIVES_FIX = "JCuda 12.6 ships natives for linux-x86_64 and windows-x86_64 only and the kernel loads them from"
            + " java.library.path (install.py puts them in the kernelspec folder): reinstall the kernel; or run it on JDK 22+"
            + " for the foreign binding (install.py --java /path/to/jdk-22+/bin/java)";

    private Fixes() {
    }

    static String whyNot(GpuProbe.Status s) {
        if (!s.nativesLoaded()) return "no CUDA binding can be used (" + s.nativesError() + "). Fix: " + NATIVES_FIX + ".";
        if (s.countError() != 0) return errorReason(s.countErrorName(), s.countErrorText(), s.driverVersion()) + " Fix: "
                + errorFix(s.countErrorName(), s.driverVersion()) + ".";
        if (s.deviceCount() == 0) return "the CUDA runtime found no device. Fix: " + noDeviceFix() + ".";
        return "";
    }

    static String errorReason(String name, String text, int driverVersion) {
        String reason = name + ": " + text + ".";
        if ("cudaErrorInsufficientDriver".equals(name)) {
            reason = driverVersion == 0
                    ? "no NVIDIA driver found (libcuda.so.1 is missing; cudaDriverGetVersion = 0): " + name + " (" + text + ")."
                    : "the NVIDIA driver supports CUDA " + GpuProbe.formatVersion(driverVersion) + " only, CUDA 12 is needed: " + name + " (" + text + ").";
        }
        return reason;
    }

    static String errorFix(String name, int driverVersion) {
        if (name == null) return "check `nvidia-smi`";
        switch (name) {
            case "cudaErrorInsufficientDriver":
                return driverVersion == 0 ? DRIVER_FIX
                        : "update the NVIDIA driver to >= 525 (CUDA 12); `nvidia-smi` shows the current version";
            case "cudaErrorNoDevice":
                return noDeviceFix();
            case "cudaErrorSystemDriverMismatch":
            case "cudaErrorCompatNotSupportedOnDevice":
                return "the driver's user-space library and kernel module differ: reboot, or reinstall the NVIDIA driver";
            case "cudaErrorDevicesUnavailable":
                return "the GPU is busy or in exclusive-process mode (`nvidia-smi -q | grep -i compute`)";
            default:
                return "check `nvidia-smi` and the system log (dmesg) for NVIDIA errors";
        }
    }

    static String noDeviceFix() {
        String visible = System.getenv("CUDA_VISIBLE_DEVICES");
        return "check `nvidia-smi`; CUDA_VISIBLE_DEVICES is " + (visible == null ? "unset" : "'" + visible + "'")
                + "; in a container, run it with --gpus all";
    }
}
