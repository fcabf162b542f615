package io.javagpu.gpu;

import jcuda.runtime.JCuda;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Detects once per JVM (and again on {@link #refresh()}) whether the CUDA runtime can see a device, with the runtime
 * API only (JCudaDriver's library needs libcuda.so.1 just to load). Never throws: every failure becomes a field.
 */
public final class GpuProbe {

    /** What detection found. {@code countError} is 0 when cudaGetDeviceCount succeeded. */
    public record Status(boolean nativesLoaded, String nativesError, String nativesPath, int driverVersion,
                         int runtimeVersion, int deviceCount, int countError, String countErrorName, String countErrorText) {

        public boolean usable() {
            return nativesLoaded && countError == 0 && deviceCount > 0;
        }

        /** Empty when usable, else the reason and the fix. */
        public String whyNot() {
            if (usable()) return "";
            return Fixes.whyNot(this);
        }
    }

    private static Status cached;

    private GpuProbe() {
    }

    public static synchronized Status status() {
        if (cached == null) cached = probe();
        return cached;
    }

    public static synchronized Status refresh() {
        cached = probe();
        return cached;
    }

    /** Where JCuda extracts its runtime library (java.io.tmpdir, fixed name). */
    public static Path jcudaRuntimeLibraryPath() {
        return jcudaLibraryPath("JCudaRuntime");
    }

    static Path jcudaLibraryPath(String base) {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win") ? "windows" : "linux";
        String name = System.mapLibraryName(base + "-12.6.0-" + os + "-x86_64");
        return Path.of(System.getProperty("java.io.tmpdir"), name);
    }

    private static Status probe() {
        int[] value = new int[1];
        try {
            JCuda.setExceptionsEnabled(false);
            int driverCode = JCuda.cudaDriverGetVersion(value);
            int driver = driverCode == 0 ? value[0] : 0;
            value[0] = 0;
            JCuda.cudaRuntimeGetVersion(value);
            int runtime = value[0];
            value[0] = 0;
            int code = JCuda.cudaGetDeviceCount(value);
            int count = code == 0 ? value[0] : 0;
            Path lib = jcudaRuntimeLibraryPath();
            String where = Files.exists(lib) ? lib.toString() : "(loaded; not found at " + lib + ")";
            return new Status(true, null, where, driver, runtime, count, code,
                    code == 0 ? "cudaSuccess" : CudaCalls.errorName(code), code == 0 ? "" : CudaCalls.errorText(code));
        } catch (Throwable t) {
            return new Status(false, t.toString(), null, 0, 0, 0, -1, t.getClass().getSimpleName(), String.valueOf(t.getMessage()));
        }
    }

    /** "12.4" from 12040. */
    public static String formatVersion(int cudaVersion) {
        if (cudaVersion <= 0) return "none";
        return (cudaVersion / 1000) + "." + (cudaVersion % 1000) / 10;
    }
}
