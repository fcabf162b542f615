package io.javagpu.gpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TEMPORARY bridge, to be replaced by {@code GpuProbe.facts()} from the "gpu" branch: builds {@link ProbeFacts} from
 * today's {@link GpuProbe#status()} (JCuda's runtime API) and {@link Cublas#load()}, so the diagnosis can be a pure
 * function of ProbeFacts already. It knows only what those two report: one binding (JCuda), no library versions, no
 * PCIe link, no sticky error.
 */
final class ProbeBridge {
    static final List<String> ENVIRONMENT = List.of("CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES",
            "LD_LIBRARY_PATH", "JAVA_GPU_CUDA_LIBRARY_PATH", "JAVA_GPU_BINDING");

    private ProbeBridge() {
    }

    /** @param withDevices read each device's attributes (what %gpu info shows; whyNot() does not need them) */
    static ProbeFacts facts(boolean withDevices) {
        return facts(GpuProbe.status(), Cublas.load(), withDevices);
    }

    static ProbeFacts facts(GpuProbe.Status s, CublasLocator.LoadResult cublas, boolean withDevices) {
        String tempDir = System.getProperty("java.io.tmpdir");
        ProbeFacts.Platform platform = new ProbeFacts.Platform(System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), System.getProperty("java.vendor"), Runtime.version().feature(), wsl(),
                noexec(Path.of(tempDir)), tempDir);
        ProbeFacts.Binding jcuda = new ProbeFacts.Binding("jcuda", "JCuda 12.6.0 (JNI, CUDA runtime API 12.0 linked in)",
                s.nativesLoaded(), s.nativesLoaded() ? null : s.nativesError(), s.nativesLoaded(), "it is the only binding of this build");
        List<ProbeFacts.Library> libraries = new ArrayList<>();
        libraries.add(new ProbeFacts.Library(GpuProbe.jcudaRuntimeLibraryPath().getFileName().toString(), s.nativesPath(), io.javagpu.magics.Version.JCUDA,
                s.nativesLoaded(), s.nativesError(), List.of(), tempDir));
        libraries.add(new ProbeFacts.Library("libcuda.so.1", null, s.driverVersion() > 0 ? GpuProbe.formatVersion(s.driverVersion()) : null,
                s.driverVersion() > 0, null, List.of(), "the dynamic linker's search path"));
        libraries.addAll(cublasLibraries(cublas));
        ProbeFacts.Status init = !s.nativesLoaded() ? new ProbeFacts.Status(-1, "", "not attempted", "cudaGetDeviceCount")
                : s.countError() == 0 ? ProbeFacts.Status.ok("cudaGetDeviceCount")
                : new ProbeFacts.Status(s.countError(), s.countErrorName(), s.countErrorText(), "cudaGetDeviceCount");
        List<ProbeFacts.DeviceFacts> devices = withDevices && s.usable() ? devices() : List.of();
        return new ProbeFacts(platform, List.of(jcuda), libraries, s.driverVersion(), init, s.deviceCount(), devices, environment(), null);
    }

    private static List<ProbeFacts.Library> cublasLibraries(CublasLocator.LoadResult r) {
        CublasLocator names = new CublasLocator(CublasLocator.Environment.system());
        String looked = r.search().lookedSummary();
        if (r.ok()) {
            List<ProbeFacts.Library> out = new ArrayList<>();
            out.add(new ProbeFacts.Library(names.cublasName(), r.loaded().cublas().toString(), null, true, null, List.of(), looked));
            if (r.loaded().cublasLt() != null) {
                out.add(new ProbeFacts.Library(names.cublasLtName(), r.loaded().cublasLt().toString(), null, true, null, List.of(), looked));
            }
            return out;
        }
        String path = r.search().candidates().isEmpty() ? null : r.search().candidates().get(0).cublas().toString();
        String error = r.errors().isEmpty() ? null : String.join("; ", r.errors());
        return List.of(new ProbeFacts.Library(names.cublasName(), path, null, false, error, List.of(), looked));
    }

    private static List<ProbeFacts.DeviceFacts> devices() {
        List<ProbeFacts.DeviceFacts> out = new ArrayList<>();
        for (DeviceInfo d : GpuDevices.all()) {
            out.add(new ProbeFacts.DeviceFacts(d.index(), d.name(), d.major(), d.minor(), d.multiprocessors(), d.totalMemory(),
                    d.clockKHz(), d.memoryClockKHz(), d.memoryBusWidth(), d.pciBusId(), 0, 0));
        }
        return out;
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : ENVIRONMENT) {
            String value = System.getenv(name);
            if (value != null) env.put(name, value);
        }
        return env;
    }

    private static boolean wsl() {
        if (Files.isDirectory(Path.of("/usr/lib/wsl/lib"))) return true;
        try {
            return Files.readString(Path.of("/proc/version")).toLowerCase(java.util.Locale.ROOT).contains("microsoft");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the mount holding {@code dir} (the longest mount point above it in /proc/mounts) has the noexec option. */
    static boolean noexec(Path dir) {
        try {
            Path real = dir.toRealPath();
            String bestMount = "";
            boolean bestNoexec = false;
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] fields = line.split(" ");
                if (fields.length < 4) continue;
                String mount = fields[1].replace("\\040", " ");
                if (real.startsWith(mount) && mount.length() > bestMount.length()) {
                    bestMount = mount;
                    bestNoexec = List.of(fields[3].split(",")).contains("noexec");
                }
            }
            return bestNoexec;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
