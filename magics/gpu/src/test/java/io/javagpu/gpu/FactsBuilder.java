package io.javagpu.gpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made {@link ProbeFacts} for diagnosis tests: starts as a healthy JCuda machine with one H100, then each test breaks one thing. */
final class FactsBuilder {
    static final String LIBCUDA = "/usr/lib/x86_64-linux-gnu/libcuda.so.1";
    static final String CUBLAS_DIR = "/opt/venv/lib/python3.12/site-packages/nvidia/cublas/lib/";

    String os = "Linux";
    String arch = "amd64";
    int javaFeature = 17;
    boolean wsl;
    boolean tempNoexec;
    final List<ProbeFacts.Binding> bindings = new ArrayList<>(List.of(jcuda(true)));
    final List<ProbeFacts.Library> libraries = new ArrayList<>(List.of(
            loaded("libJCudaRuntime-12.6.0-linux-x86_64.so", "/tmp/libJCudaRuntime-12.6.0-linux-x86_64.so", "12.6.0"),
            loaded("libcuda.so.1", LIBCUDA, "12.4"),
            loaded("libcublas.so.12", CUBLAS_DIR + "libcublas.so.12", "12.4.5"),
            loaded("libcublasLt.so.12", CUBLAS_DIR + "libcublasLt.so.12", "12.4.5")));
    int driverVersion = 12040;
    ProbeFacts.Status init = ProbeFacts.Status.ok("cudaGetDeviceCount");
    int deviceCount = 1;
    final List<ProbeFacts.DeviceFacts> devices = new ArrayList<>(List.of(
            new ProbeFacts.DeviceFacts(0, "NVIDIA H100 80GB HBM3", 9, 0, 132, 80L << 30, 1980000, 2619000, 5120, "0000:19:00.0", 5, 16)));
    final Map<String, String> environment = new LinkedHashMap<>();
    ProbeFacts.Status sticky;

    static ProbeFacts.Binding jcuda(boolean loads) {
        return new ProbeFacts.Binding("jcuda", "JCuda 12.6.0 (JNI, CUDA runtime API)", loads, loads ? null : "natives did not load",
                loads, "JDK 17 has no java.lang.foreign");
    }

    static ProbeFacts.Library loaded(String name, String path, String version) {
        return new ProbeFacts.Library(name, path, version, true, null, List.of(), "");
    }

    static ProbeFacts.Library missing(String name, String looked) {
        return new ProbeFacts.Library(name, null, null, false, null, List.of(), looked);
    }

    FactsBuilder failInit(int code, String name, String text) {
        init = new ProbeFacts.Status(code, name, text, "cudaGetDeviceCount");
        deviceCount = 0;
        devices.clear();
        return this;
    }

    FactsBuilder replaceLibrary(String name, ProbeFacts.Library replacement) {
        libraries.removeIf(l -> l.name().equals(name));
        if (replacement != null) libraries.add(replacement);
        return this;
    }

    /** No libcuda.so.1: what the JCuda runtime reports then (35 with driver version 0). */
    FactsBuilder noDriver() {
        replaceLibrary("libcuda.so.1", missing("libcuda.so.1", "the dynamic linker's search path"));
        driverVersion = 0;
        return failInit(35, "cudaErrorInsufficientDriver", "CUDA driver version is insufficient for CUDA runtime version");
    }

    FactsBuilder onlyCublas13() {
        replaceLibrary("libcublas.so.12", missing("libcublas.so.12", "pip wheels; /usr/local/cuda/lib64"));
        replaceLibrary("libcublasLt.so.12", null);
        libraries.add(new ProbeFacts.Library("libcublas.so.13", "/opt/venv/lib/python3.12/site-packages/nvidia/cu13/lib/libcublas.so.13",
                "13.0.0", false, null, List.of(), "pip wheels"));
        return this;
    }

    ProbeFacts build() {
        return new ProbeFacts(new ProbeFacts.Platform(os, arch, javaFeature + ".0.15", "Eclipse Adoptium", javaFeature, wsl, tempNoexec,
                "/tmp"), bindings, libraries, driverVersion, init, deviceCount, devices, environment, sticky);
    }

    GpuDiagnosis.Report diagnose() {
        return GpuDiagnosis.diagnose(build());
    }
}
