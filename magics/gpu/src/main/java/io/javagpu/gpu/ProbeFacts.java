package io.javagpu.gpu;

import java.util.List;
import java.util.Map;

/**
 * What probing the machine found, before any judgement: the only input of the diagnosis that {@code %gpu info},
 * {@code Gpu.whyNot()} and the "ran on CPU because" notes are built from. Probing fills it from the real machine;
 * tests build it by hand, so every diagnosis branch is tested without the machine being in that state.
 *
 * @param platform      the JVM and the OS it runs on
 * @param bindings      every binding considered (JCuda's JNI runtime API, the foreign-function driver API), in the
 *                      order tried; at most one has {@code active}
 * @param libraries     every CUDA library looked for, found or not (libcuda.so.1, libcublasLt/libcublas .13/.12, JCuda's natives)
 * @param driverVersion what the driver reports (cuDriverGetVersion / cudaDriverGetVersion), 0 when there is none
 * @param init          the first call that needs the driver (cuInit, or cudaGetDeviceCount for the runtime API)
 * @param deviceCount   devices the driver exposes (0 when init failed)
 * @param devices       attributes read without creating a context
 * @param environment   the variables that decide what CUDA sees: CUDA_VISIBLE_DEVICES, NVIDIA_VISIBLE_DEVICES,
 *                      NVIDIA_DRIVER_CAPABILITIES, LD_LIBRARY_PATH, JAVA_GPU_CUDA_LIBRARY_PATH, JAVA_GPU_BINDING
 * @param sticky        the error that poisoned this process's CUDA context, or null: the kernel must be restarted
 */
public record ProbeFacts(Platform platform, List<Binding> bindings, List<Library> libraries, int driverVersion,
                         Status init, int deviceCount, List<DeviceFacts> devices, Map<String, String> environment,
                         Status sticky) {

    public ProbeFacts {
        bindings = List.copyOf(bindings);
        libraries = List.copyOf(libraries);
        devices = List.copyOf(devices);
        environment = Map.copyOf(environment);
    }

    /**
     * @param os            "Linux", "Mac OS X", "Windows 11"
     * @param arch          "amd64", "aarch64"
     * @param javaFeature   21, 25 ... (Runtime.version().feature())
     * @param wsl           Linux under WSL2 (/proc/version mentions microsoft, or /usr/lib/wsl/lib exists)
     * @param tempNoexec    java.io.tmpdir is on a file system mounted noexec
     */
    public record Platform(String os, String arch, String javaVersion, String javaVendor, int javaFeature,
                           boolean wsl, boolean tempNoexec, String tempDir) {
    }

    /**
     * One binding. {@code name}: "jcuda" or "foreign". {@code available}: it loaded and can be used on this JVM;
     * otherwise {@code whyNot} says why (e.g. "needs JDK 22+", "libcublas.so.12 not found"). {@code active}: the
     * one %gpu uses; {@code reason} says why it was chosen (option, environment variable, default, fallback).
     */
    public record Binding(String name, String description, boolean available, String whyNot, boolean active,
                          String reason) {
    }

    /**
     * One native library. {@code path} is null when not found; {@code version} as the library reports it (null when
     * unknown); {@code error} is the load error (dlopen text, UnsatisfiedLinkError), null when loaded or not tried;
     * {@code missingSymbols} lists required symbols the library lacks; {@code looked} says where it was looked for.
     */
    public record Library(String name, String path, String version, boolean loaded, String error,
                          List<String> missingSymbols, String looked) {
        public Library {
            missingSymbols = List.copyOf(missingSymbols);
        }
    }

    /** A CUDA status: 0 = success; {@code name} as CUDA spells it (CUDA_ERROR_SYSTEM_NOT_READY / cudaErrorSystemNotReady). */
    public record Status(int code, String name, String text, String call) {
        public static Status ok(String call) {
            return new Status(0, "CUDA_SUCCESS", "no error", call);
        }

        public boolean isOk() {
            return code == 0;
        }
    }

    /** Attributes of one device, read without a context. {@code pcieGeneration}/{@code pcieWidth} are 0 when unknown. */
    public record DeviceFacts(int index, String name, int major, int minor, int multiprocessors, long totalMemory,
                              int clockKHz, int memoryClockKHz, int memoryBusWidth, String pciBusId,
                              int pcieGeneration, int pcieWidth) {
    }
}
