package io.javagpu.gpu;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What went wrong and the concrete fix, for each failure users hit on the way to a GPU. Pure functions of what
 * probing found; a fix that only takes effect in a new process ends with "then restart the kernel".
 */
final class Fixes {
    static final String RESTART = "then restart the kernel";
    static final String INSTALL_DRIVER = "install the NVIDIA driver (>= 525 for CUDA 12, >= 580 for CUDA 13) and check that"
            + " `nvidia-smi` lists the GPU; in a container, run it with --gpus all (NVIDIA Container Toolkit), " + RESTART;
    static final String CUBLAS_FIX = "`pip install nvidia-cublas-cu12` (any Python on this machine), or install the CUDA 12 toolkit"
            + " (/usr/local/cuda-12.x), or set JAVA_GPU_CUDA_LIBRARY_PATH to the folder holding libcublas.so.12 and libcublasLt.so.12; "
            + RESTART;
    static final String NEWER_JDK = "run the kernel on JDK 22+ (`python3 install.py --java /path/to/jdk-25/bin/java --replace`)";

    /** A reason (what is wrong, in the user's words) and the fix. */
    record Remedy(String reason, String fix) {
    }

    private Fixes() {
    }

    /** No libcuda.so.1: no driver, a container without GPU access, or WSL2 without the Windows driver's library on the path. */
    static Remedy missingDriver(ProbeFacts f) {
        Map<String, String> env = f.environment();
        if (f.platform().wsl()) {
            return new Remedy("libcuda.so.1 was not found; under WSL2 it lives in /usr/lib/wsl/lib (from the Windows NVIDIA driver)",
                    "add /usr/lib/wsl/lib to LD_LIBRARY_PATH or JAVA_GPU_CUDA_LIBRARY_PATH (and install the NVIDIA driver on"
                            + " Windows, not inside WSL), " + RESTART);
        }
        String capabilities = env.get("NVIDIA_DRIVER_CAPABILITIES");
        if (capabilities != null && !hasCompute(capabilities)) {
            return new Remedy("no NVIDIA driver found: libcuda.so.1 is missing in this container, whose NVIDIA_DRIVER_CAPABILITIES is '"
                    + capabilities + "' (without 'compute' the container toolkit mounts nvidia-smi but not libcuda.so.1)",
                    "start the container with -e NVIDIA_DRIVER_CAPABILITIES=compute,utility (or all) and --gpus all, " + RESTART);
        }
        String visible = env.get("NVIDIA_VISIBLE_DEVICES");
        if (visible != null) {
            return new Remedy("no NVIDIA driver found: libcuda.so.1 is missing in this container (NVIDIA_VISIBLE_DEVICES='" + visible
                    + "'): it was started without GPU access",
                    "run the container with --gpus all (Docker, NVIDIA Container Toolkit on the host) or a nvidia.com/gpu resource"
                            + " (Kubernetes); driver >= 525 on the host, `nvidia-smi` inside must list the GPU; " + RESTART);
        }
        return new Remedy("no NVIDIA driver found: libcuda.so.1 is missing", INSTALL_DRIVER);
    }

    private static boolean hasCompute(String capabilities) {
        return Arrays.stream(capabilities.split(",")).map(String::trim).anyMatch(c -> c.equals("compute") || c.equals("all"));
    }

    /** The driver's version is below what {@code needed} (a CUDA version like 12000) requires. */
    static Remedy driverTooOld(int driverVersion, int needed, String forWhat) {
        return new Remedy("the NVIDIA driver supports CUDA " + GpuProbe.formatVersion(driverVersion) + " only; " + forWhat
                + " needs CUDA " + GpuProbe.formatVersion(needed) + " (driver >= " + minimumDriver(needed) + ")",
                "update the NVIDIA driver to >= " + minimumDriver(needed) + " (`nvidia-smi` shows the current one), " + RESTART);
    }

    private static int minimumDriver(int cudaVersion) {
        return cudaVersion >= 13000 ? 580 : 525;
    }

    /** The fix for a failed CUDA status, matched on its numeric code (driver-API and runtime names share the codes). */
    static Remedy forStatus(ProbeFacts.Status status, ProbeFacts f) {
        Map<String, String> env = f.environment();
        switch (status.code()) {
            case 34:
                return stubLibrary(f);
            case 35:
                return f.driverVersion() == 0 ? missingDriver(f) : driverTooOld(f.driverVersion(), 12000, "the CUDA 12 runtime");
            case 46:
                return new Remedy("the GPU is unavailable: it is in exclusive-process mode and another process holds it",
                        "find the process with `nvidia-smi` and stop it, or switch the GPU to the default compute mode"
                                + " (`sudo nvidia-smi -i 0 -c DEFAULT`), " + RESTART);
            case 100:
                return noDevice(env, f.platform().wsl());
            case 802:
                return new Remedy("the system is not yet initialized: on NVSwitch systems (HGX H100/H200) the NVIDIA fabric manager"
                        + " must run before CUDA can use the GPUs",
                        "`sudo systemctl start nvidia-fabricmanager` (install the nvidia-fabricmanager package of exactly the driver's"
                                + " version, and `sudo systemctl enable nvidia-fabricmanager`), " + RESTART);
            case 803:
            case 804:
                return libcudaPath(f).filter(p -> p.contains("compat")).map(p -> new Remedy(
                                "the libcuda.so.1 loaded (" + p + ") is cuda-compat's forward-compatibility library, which does not match"
                                        + " this GPU or kernel module",
                                "remove the cuda-compat folder from LD_LIBRARY_PATH (and /etc/ld.so.conf.d), " + RESTART))
                        .orElse(new Remedy("the driver's user-space library (libcuda.so.1) and its kernel module have different"
                                + " versions, usually after a driver update without a reboot",
                                "reboot the machine (or reinstall the NVIDIA driver), " + RESTART));
            case 999:
                return new Remedy("unknown CUDA error: the driver's unified-memory module is missing or stale, typically after"
                        + " suspend/resume or without /dev/nvidia-uvm",
                        "`sudo modprobe -r nvidia_uvm && sudo modprobe nvidia_uvm` (check that /dev/nvidia-uvm exists), " + RESTART);
            default:
                String reason = status.text() == null || status.text().isBlank() ? "CUDA error " + status.code() : status.text();
                return new Remedy(reason, "check `nvidia-smi` and the system log (`sudo dmesg | grep -i nvrm`), " + RESTART);
        }
    }

    /** Error 34: the toolkit's link-time stub libcuda was found before the driver's. */
    static Remedy stubLibrary(ProbeFacts f) {
        String entry = pathEntries(f.environment().get("LD_LIBRARY_PATH")).stream().filter(e -> e.contains("stubs")).findFirst()
                .orElse(libcudaPath(f).orElse("the stub folder"));
        return new Remedy("the libcuda loaded is the CUDA toolkit's stub library (for linking only), found through " + entry,
                "remove " + entry + " from LD_LIBRARY_PATH, " + RESTART);
    }

    /** Error 100 or a device count of 0. */
    static Remedy noDevice(Map<String, String> env, boolean wsl) {
        String cudaVisible = env.get("CUDA_VISIBLE_DEVICES");
        if (cudaVisible != null && (cudaVisible.isBlank() || cudaVisible.trim().equals("-1"))) {
            return new Remedy("no CUDA device: CUDA_VISIBLE_DEVICES is '" + cudaVisible + "', which hides every GPU",
                    "unset CUDA_VISIBLE_DEVICES (or set it to the GPUs to use, e.g. 0) where Jupyter is started, " + RESTART);
        }
        if (wsl) {
            return new Remedy("no CUDA device visible in WSL2", "update the NVIDIA driver on Windows and run `wsl --update`, " + RESTART);
        }
        String visibility = cudaVisible == null ? "CUDA_VISIBLE_DEVICES is unset" : "CUDA_VISIBLE_DEVICES is '" + cudaVisible + "'";
        return new Remedy("no CUDA device (" + visibility + ")",
                "check `nvidia-smi`; in a container, run it with --gpus all; " + RESTART);
    }

    /** A library lacks symbols the binding needs: it is too old, or not the library it is named after. */
    static String missingSymbols(ProbeFacts.Library lib) {
        return lib.name() + " at " + lib.path() + " lacks " + String.join(", ", lib.missingSymbols());
    }

    /** The active binding could not load because of the platform: macOS, or a CPU JCuda has no natives for. */
    static Optional<Remedy> unsupportedPlatform(ProbeFacts.Platform p) {
        String os = p.os().toLowerCase(java.util.Locale.ROOT);
        String arch = p.arch().toLowerCase(java.util.Locale.ROOT);
        if (os.contains("mac") || os.contains("darwin")) {
            return Optional.of(new Remedy("macOS has no NVIDIA CUDA driver (and JCuda no macOS natives)",
                    "use a Linux or Windows machine with an NVIDIA GPU; here the %gpu magics run on the CPU"));
        }
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        if (arm && p.javaFeature() < 22) {
            return Optional.of(new Remedy("JCuda has no natives for " + os + "-" + arch + " (GH200, DGX Spark); the foreign-function"
                    + " binding works there but needs JDK 22+, and this kernel runs Java " + p.javaFeature(), NEWER_JDK + ", " + RESTART));
        }
        if (!arm && !arch.equals("amd64") && !arch.equals("x86_64")) {
            return Optional.of(new Remedy("no CUDA binding for " + os + "-" + arch,
                    "use a linux-x86_64, windows-x86_64 or (JDK 22+) linux-aarch64 machine"));
        }
        return Optional.empty();
    }

    /** Natives unpacked into a java.io.tmpdir mounted noexec cannot be mapped. */
    static Remedy noexecTemp(ProbeFacts.Platform p) {
        return new Remedy("java.io.tmpdir (" + p.tempDir() + ") is on a file system mounted noexec, so native libraries unpacked"
                + " there cannot be loaded (\"failed to map segment from shared object\")",
                "reinstall the kernel with `python3 install.py --replace` (the natives then live in the kernelspec folder), or start"
                        + " it with -Djava.io.tmpdir=<a folder on an exec file system>, " + RESTART);
    }

    /** cuBLAS 13 is there but the active binding (JCuda, JDK 17-21) can only use cuBLAS 12. */
    static Remedy onlyCublas13(ProbeFacts.Library cublas13) {
        return new Remedy("only cuBLAS 13 is installed (" + cublas13.path() + "); JCuda 12.6, the binding on this JDK, needs libcublas.so.12",
                NEWER_JDK + " to use cuBLAS 13 through the foreign-function binding, or `pip install nvidia-cublas-cu12`; " + RESTART);
    }

    private static Optional<String> libcudaPath(ProbeFacts f) {
        return f.libraries().stream().filter(Fixes::isLibcuda).map(ProbeFacts.Library::path).filter(p -> p != null).findFirst();
    }

    static boolean isLibcuda(ProbeFacts.Library lib) {
        return lib.name().startsWith("libcuda.so") || lib.name().equalsIgnoreCase("nvcuda.dll");
    }

    private static List<String> pathEntries(String path) {
        return path == null ? List.of() : Arrays.stream(path.split(":")).filter(e -> !e.isBlank()).toList();
    }
}
