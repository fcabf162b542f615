package io.javagpu.gpu;

import io.javagpu.gpu.cuda.CudaBinding;
import io.javagpu.gpu.cuda.CudaBindings;
import io.javagpu.gpu.cuda.PcieLink;
import io.javagpu.gpu.cuda.PlatformFacts;
import io.javagpu.gpu.cuda.StickyErrors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Probes once per JVM (and again on {@link #refresh()}) what stands between the kernel and a GPU, into
 * {@link ProbeFacts}: the bindings and libraries, the driver, and each device's attributes (read without creating a
 * context). Never throws: every failure becomes a field. {@link #binding()} is the binding %gpu works through.
 */
public final class GpuProbe {
    static final List<String> ENVIRONMENT = List.of("CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES",
            "LD_LIBRARY_PATH", "JAVA_GPU_CUDA_LIBRARY_PATH", "JAVA_GPU_BINDING");

    /**
     * The summary the rest of %gpu asks: {@code nativesLoaded} means a binding is active; the count fields are the
     * first driver call (cuInit or cudaGetDeviceCount); {@code sticky} the "restart the kernel" text, or null.
     */
    public record Status(boolean nativesLoaded, String nativesError, String nativesPath, int driverVersion,
                         int runtimeVersion, int deviceCount, int countError, String countErrorName, String countErrorText,
                         String sticky) {

        public boolean usable() {
            return sticky == null && nativesLoaded && countError == 0 && deviceCount > 0;
        }

        /** Empty when usable, else the reason and the fix. */
        public String whyNot() {
            if (usable()) return "";
            if (sticky != null) return sticky;
            return GpuDiagnosis.diagnose(facts()).whyNot();
        }
    }

    private static ProbeFacts cached;
    private static CudaBinding active;

    private GpuProbe() {
    }

    /** The facts of the first probe (probing now if none ran yet). */
    public static synchronized ProbeFacts facts() {
        if (cached == null) probe();
        return withSticky(cached);
    }

    /** Probes again (a user may have installed a library or changed the binding). */
    public static synchronized ProbeFacts refresh() {
        probe();
        return withSticky(cached);
    }

    /** The binding %gpu works through, or null when none can be used. */
    public static synchronized CudaBinding binding() {
        if (cached == null) probe();
        return active;
    }

    public static Status status() {
        return status(facts());
    }

    static Status status(ProbeFacts f) {
        ProbeFacts.Binding b = f.bindings().stream().filter(ProbeFacts.Binding::active).findFirst().orElse(null);
        String why = b != null ? null : String.join("; ", f.bindings().stream().filter(x -> x.whyNot() != null)
                .map(x -> x.name() + ": " + x.whyNot()).toList());
        String path = b == null ? null : f.libraries().stream().filter(l -> l.loaded() && l.path() != null).map(ProbeFacts.Library::path)
                .findFirst().orElse(null);
        int runtime = b == null ? 0 : b.name().equals("jcuda") ? 12000 : f.driverVersion();
        String sticky = f.sticky() == null ? null : StickyErrors.refusal();
        return new Status(b != null, why, path, f.driverVersion(), runtime, f.deviceCount(), f.init().code(), f.init().name(),
                f.init().text(), sticky);
    }

    private static ProbeFacts withSticky(ProbeFacts f) {
        ProbeFacts.Status sticky = StickyErrors.current();
        if (sticky == f.sticky()) return f;
        return new ProbeFacts(f.platform(), f.bindings(), f.libraries(), f.driverVersion(), f.init(), f.deviceCount(), f.devices(),
                f.environment(), sticky);
    }

    private static void probe() {
        CudaBindings.Selection selection = CudaBindings.select();
        CudaBinding binding = selection.active();
        int driver = 0;
        int count = 0;
        ProbeFacts.Status init;
        List<ProbeFacts.DeviceFacts> devices = new ArrayList<>();
        if (binding == null) {
            init = new ProbeFacts.Status(-1, "NO_BINDING", selection.whyNone(), "loading a binding");
        } else {
            init = binding.init();
            driver = binding.driverVersion();
            if (init.isOk()) {
                try {
                    count = binding.deviceCount();
                    for (int i = 0; i < count; i++) devices.add(device(binding.attributes(i)));
                } catch (CudaException e) {
                    init = new ProbeFacts.Status(e.code(), e.errorName(), e.getMessage(), "reading device attributes");
                }
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : ENVIRONMENT) {
            String v = System.getenv(name);
            if (v != null) env.put(name, v);
        }
        active = binding;
        // libraries are read after init: the JCuda binding learns where the runtime found libcuda.so.1 only then
        cached = new ProbeFacts(PlatformFacts.read(), selection.bindings(), selection.libraries(), driver, init, count, devices, env,
                StickyErrors.current());
    }

    private static ProbeFacts.DeviceFacts device(CudaBinding.DeviceAttributes a) {
        PcieLink link = PcieLink.of(a.pciBusId());
        return new ProbeFacts.DeviceFacts(a.index(), a.name(), a.major(), a.minor(), a.multiprocessors(), a.totalMemory(),
                a.clockKHz(), a.memoryClockKHz(), a.memoryBusWidth(), a.pciBusId(), link.generation(), link.width());
    }

    /** "12.4" from 12040. */
    public static String formatVersion(int cudaVersion) {
        if (cudaVersion <= 0) return "none";
        return (cudaVersion / 1000) + "." + (cudaVersion % 1000) / 10;
    }
}
