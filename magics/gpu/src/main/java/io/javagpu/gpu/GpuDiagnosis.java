package io.javagpu.gpu;

import io.javagpu.gpu.Fixes.Remedy;
import io.javagpu.gpu.ProbeFacts.Library;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Judges what probing found ({@link ProbeFacts}): one link per row of the chain notebook -> JVM -> kernel -> binding
 * -> CUDA driver -> device init -> cuBLAS -> devices, each working or broken with the error name as CUDA spells it
 * and a concrete fix. {@link #diagnose} is a pure function: no I/O, no CUDA call.
 */
public final class GpuDiagnosis {
    public static final String KERNEL_VERSION = io.javagpu.magics.Version.VERSION;

    public static final String NOTEBOOK = "notebook";
    public static final String JVM = "JVM";
    public static final String KERNEL = "kernel";
    public static final String BINDING = "binding";
    public static final String DRIVER = "CUDA driver";
    public static final String INIT = "device init";
    public static final String CUBLAS = "cuBLAS";
    public static final String DEVICES = "devices";

    /** The links a GPU needs for device work (bandwidth, DeviceArray); matmul also needs {@link #CUBLAS}. */
    private static final List<String> DEVICE_CHAIN = List.of(BINDING, DRIVER, INIT, DEVICES);

    private GpuDiagnosis() {
    }

    /** One link of the chain. {@code error} and {@code fix} are empty for a working link. */
    public record Link(String name, boolean ok, String detail, String error, String fix) {
        static Link working(String name, String detail) {
            return new Link(name, true, detail, "", "");
        }

        static Link broken(String name, String detail, String error, Remedy remedy) {
            return new Link(name, false, remedy.reason() + (detail.isEmpty() ? "" : " (" + detail + ")"), error, remedy.fix());
        }

        static Link notReached(String name, Link upstream) {
            return new Link(name, false, "not reached: the " + upstream.name() + " link is broken", "",
                    "fix the " + upstream.name() + " link first");
        }
    }

    /** The chain, and the facts it was judged from. */
    public record Report(List<Link> links, ProbeFacts facts) {
        public Report {
            links = List.copyOf(links);
        }

        public List<ProbeFacts.DeviceFacts> devices() {
            return facts.devices();
        }

        public boolean allOk() {
            return links.stream().allMatch(Link::ok);
        }

        public Link link(String name) {
            for (Link l : links) if (l.name().equals(name)) return l;
            throw new IllegalArgumentException("no link " + name);
        }

        /** The first broken link, or null. */
        public Link firstBroken() {
            return links.stream().filter(l -> !l.ok()).findFirst().orElse(null);
        }

        /** Whether device work (copies, DeviceArray) can run on the GPU. */
        public boolean usable() {
            return gpuUsable(false);
        }

        /** Whether the GPU can be used, with cuBLAS too when {@code needsCublas} (matmul). */
        public boolean gpuUsable(boolean needsCublas) {
            return firstBrokenNeeded(needsCublas) == null;
        }

        /** Empty when the GPU can do device work, else the reason and the fix in one paragraph. */
        public String whyNot() {
            return whyNot(false);
        }

        /** Empty when the GPU (with cuBLAS when {@code needsCublas}) is usable, else the reason and the fix. */
        public String whyNot(boolean needsCublas) {
            Link l = firstBrokenNeeded(needsCublas);
            if (l == null) return "";
            return l.name() + ": " + l.detail() + (l.error().isEmpty() ? "" : " [" + l.error() + "]") + ". Fix: " + l.fix() + ".";
        }

        private Link firstBrokenNeeded(boolean needsCublas) {
            Predicate<Link> needed = l -> DEVICE_CHAIN.contains(l.name()) || (needsCublas && l.name().equals(CUBLAS));
            return links.stream().filter(needed).filter(l -> !l.ok()).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            Link broken = firstBroken();
            return "GpuDiagnosis[" + (broken == null ? "all links ok, " + devices().size() + " device(s)"
                    : broken.name() + " broken: " + broken.error() + "; fix: " + broken.fix()) + "]";
        }
    }

    /** Probes this machine and judges it (what %gpu info shows). */
    public static Report run() {
        return diagnose(GpuProbe.refresh());
    }

    public static Report diagnose(ProbeFacts f) {
        List<Link> links = new ArrayList<>();
        links.add(Link.working(NOTEBOOK, "the notebook reaches the kernel (this cell ran)"));
        ProbeFacts.Platform p = f.platform();
        links.add(Link.working(JVM, "Java " + p.javaVersion() + " (" + p.javaVendor() + ", " + p.os() + " " + p.arch() + ")"));
        links.add(Link.working(KERNEL, "java-gpu-kernel " + KERNEL_VERSION));
        Link binding = binding(f);
        links.add(binding);
        Link driver = binding.ok() ? driver(f) : Link.notReached(DRIVER, binding);
        links.add(driver);
        Link init = !driver.ok() ? Link.notReached(INIT, driver) : f.sticky() != null ? sticky(f.sticky()) : init(f);
        links.add(init);
        boolean poisoned = f.sticky() != null;
        links.add(poisoned ? restart(CUBLAS) : cublas(f));
        links.add(poisoned ? restart(DEVICES) : !init.ok() ? Link.notReached(DEVICES, init) : devices(f));
        return new Report(links, f);
    }

    private static Link binding(ProbeFacts f) {
        Optional<ProbeFacts.Binding> active = f.bindings().stream().filter(ProbeFacts.Binding::active).findFirst();
        String others = f.bindings().stream().filter(b -> !b.active())
                .map(b -> b.name() + " not used" + (b.available() ? "" : ": " + b.whyNot())).collect(Collectors.joining("; "));
        if (active.isPresent()) {
            ProbeFacts.Binding b = active.get();
            return Link.working(BINDING, b.description() + ", chosen because " + b.reason() + (others.isEmpty() ? "" : "; " + others));
        }
        List<Library> natives = f.libraries().stream().filter(GpuDiagnosis::isBindingNative).toList();
        String loadError = natives.stream().map(Library::error).filter(e -> e != null).findFirst().orElse("");
        Optional<Remedy> platform = Fixes.unsupportedPlatform(f.platform());
        if (platform.isPresent()) return Link.broken(BINDING, others, "no binding for " + f.platform().os() + " " + f.platform().arch(), platform.get());
        if (f.platform().tempNoexec() || loadError.contains("failed to map segment")) {
            return Link.broken(BINDING, others, errorName(loadError), Fixes.noexecTemp(f.platform()));
        }
        Optional<Library> incomplete = natives.stream().filter(l -> !l.missingSymbols().isEmpty()).findFirst();
        if (incomplete.isPresent()) {
            return Link.broken(BINDING, others, "missing symbols", new Remedy(Fixes.missingSymbols(incomplete.get()),
                    "reinstall the kernel with `python3 install.py --replace`, " + Fixes.RESTART));
        }
        return Link.broken(BINDING, others, errorName(loadError), new Remedy("no CUDA binding could be loaded",
                "check that java.io.tmpdir (" + f.platform().tempDir() + ") is writable and run the kernel with"
                        + " -Djcuda.LibUtils.level=INFO to see the loading steps; reinstall with `python3 install.py --replace`, "
                        + Fixes.RESTART));
    }

    private static boolean isBindingNative(Library lib) {
        return lib.name().toLowerCase(Locale.ROOT).contains("jcuda");
    }

    /** "UnsatisfiedLinkError" from "java.lang.UnsatisfiedLinkError: ...", else the text itself. */
    static String errorName(String error) {
        String head = error.contains(":") ? error.substring(0, error.indexOf(':')) : error;
        return head.matches("[\\w.$]+(Error|Exception)") ? head.substring(head.lastIndexOf('.') + 1) : error;
    }

    private static Link driver(ProbeFacts f) {
        Optional<Library> libcuda = f.libraries().stream().filter(Fixes::isLibcuda).findFirst();
        String name = libcuda.map(Library::name).orElse("libcuda.so.1");
        ProbeFacts.Status init = f.init();
        String initError = init.isOk() ? "" : init.name();
        if (init.code() == 34 || libcuda.map(Library::path).filter(path -> path.contains("/stubs/")).isPresent()) {
            return Link.broken(DRIVER, "", init.code() == 34 ? initError : "stub library", Fixes.stubLibrary(f));
        }
        boolean found = libcuda.map(l -> l.loaded() || l.path() != null).orElse(false) || f.driverVersion() > 0;
        if (!found) {
            String looked = libcuda.map(Library::looked).filter(l -> !l.isEmpty()).map(l -> "looked in " + l).orElse("");
            return Link.broken(DRIVER, looked, initError.isEmpty() ? name + " not found" : initError, Fixes.missingDriver(f));
        }
        if (init.code() == 803 || init.code() == 804 || init.code() == 35) {
            return Link.broken(DRIVER, "", initError, Fixes.forStatus(init, f));
        }
        Optional<Library> incomplete = libcuda.filter(l -> !l.missingSymbols().isEmpty());
        if (incomplete.isPresent()) {
            return Link.broken(DRIVER, "", "missing symbols", new Remedy(Fixes.missingSymbols(incomplete.get()),
                    "update the NVIDIA driver (`nvidia-smi` shows the current one), " + Fixes.RESTART));
        }
        boolean runtimeApi = f.bindings().stream().anyMatch(b -> b.active() && b.name().equals("jcuda"));
        if (runtimeApi && f.driverVersion() < 12000) {
            return Link.broken(DRIVER, "", "driver too old", Fixes.driverTooOld(f.driverVersion(), 12000, "JCuda's CUDA 12 runtime"));
        }
        String where = libcuda.map(Library::path).filter(path -> path != null).orElse("found by the dynamic linker");
        return Link.working(DRIVER, name + " (" + where + "), supports CUDA " + GpuProbe.formatVersion(f.driverVersion()));
    }

    private static Link init(ProbeFacts f) {
        ProbeFacts.Status s = f.init();
        if (s.isOk()) return Link.working(INIT, s.call() + " succeeded");
        return Link.broken(INIT, s.call() + " returned " + s.code(), s.name(), Fixes.forStatus(s, f));
    }

    private static Link sticky(ProbeFacts.Status s) {
        return Link.broken(INIT, s.call() + " returned " + s.code() + ": " + s.text(), s.name(), new Remedy(
                "an earlier CUDA error poisoned this kernel's CUDA context; every later call fails until the process ends",
                "restart the kernel (Kernel > Restart) and run the cells again"));
    }

    private static Link restart(String name) {
        return new Link(name, false, "unusable until the kernel restarts (sticky CUDA error, see " + INIT + ")", "",
                "restart the kernel");
    }

    private static Link cublas(ProbeFacts f) {
        List<Library> cublas = f.libraries().stream().filter(l -> l.name().startsWith("libcublas.so") || l.name().startsWith("cublas64_")).toList();
        List<Library> lt = f.libraries().stream().filter(l -> l.name().startsWith("libcublasLt.so") || l.name().startsWith("cublasLt64_")).toList();
        Optional<Library> loaded = cublas.stream().filter(Library::loaded).findFirst();
        Optional<Library> incomplete = cublas.stream().filter(l -> !l.missingSymbols().isEmpty()).findFirst()
                .or(() -> lt.stream().filter(l -> !l.missingSymbols().isEmpty()).findFirst());
        if (incomplete.isPresent()) {
            return Link.broken(CUBLAS, "", "missing symbols", new Remedy(Fixes.missingSymbols(incomplete.get()), Fixes.CUBLAS_FIX));
        }
        if (loaded.isPresent()) return loadedCublas(loaded.get(), lt, f);
        Optional<Library> found13 = cublas.stream().filter(l -> l.path() != null && major(l) == 13).findFirst();
        boolean found12 = cublas.stream().anyMatch(l -> l.path() != null && major(l) == 12);
        boolean jcuda = f.bindings().stream().anyMatch(b -> b.active() && b.name().equals("jcuda"));
        if (found13.isPresent() && !found12 && jcuda) {
            return Link.broken(CUBLAS, "", "libcublas.so.12 missing", Fixes.onlyCublas13(found13.get()));
        }
        if (found13.isPresent() && !found12 && driverTooOldFor(found13.get(), f)) return cublasNeedsNewerDriver(found13.get(), f);
        Optional<Library> failed = cublas.stream().filter(l -> l.error() != null).findFirst();
        if (failed.isPresent()) {
            Library l = failed.get();
            return Link.broken(CUBLAS, l.error(), errorName(l.error()),
                    new Remedy(l.name() + " was found at " + l.path() + " but did not load", Fixes.CUBLAS_FIX));
        }
        String names = cublas.stream().map(Library::name).distinct().collect(Collectors.joining(" or "));
        String looked = cublas.stream().map(Library::looked).filter(l -> l != null && !l.isEmpty()).findFirst().orElse("");
        return Link.broken(CUBLAS, looked.isEmpty() ? "" : "looked in " + looked, (names.isEmpty() ? "libcublas" : names) + " missing",
                new Remedy("cuBLAS was not found", Fixes.CUBLAS_FIX));
    }

    private static Link loadedCublas(Library cublas, List<Library> lt, ProbeFacts f) {
        if (driverTooOldFor(cublas, f)) return cublasNeedsNewerDriver(cublas, f);
        Optional<Library> ltLoaded = lt.stream().filter(Library::loaded).findFirst();
        String detail = describe(cublas);
        if (ltLoaded.isEmpty()) return Link.working(CUBLAS, detail + "; cuBLASLt loaded by cuBLAS itself");
        Library l = ltLoaded.get();
        boolean versionsDiffer = cublas.version() != null && l.version() != null && !sameRelease(cublas.version(), l.version());
        if (versionsDiffer || major(l) != major(cublas)) {
            return Link.broken(CUBLAS, detail + "; " + describe(l), "cuBLASLt version mismatch", new Remedy(
                    "cuBLAS and cuBLASLt come from different releases",
                    "set JAVA_GPU_CUDA_LIBRARY_PATH to one folder holding both libraries of the same release, " + Fixes.RESTART));
        }
        return Link.working(CUBLAS, detail + "; " + describe(l));
    }

    /** "13" and "13.0.0" name one release (a library may report fewer parts than another); "13.0" and "13.1" do not. */
    static boolean sameRelease(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(y[i])) return false;
        }
        return true;
    }

    /** cuBLAS N needs a driver for CUDA N.0 (12: >= 525, 13: >= 580). */
    private static boolean driverTooOldFor(Library cublas, ProbeFacts f) {
        return f.driverVersion() > 0 && f.driverVersion() < major(cublas) * 1000;
    }

    private static Link cublasNeedsNewerDriver(Library cublas, ProbeFacts f) {
        int major = major(cublas);
        return Link.broken(CUBLAS, "", "driver too old for cuBLAS " + major,
                Fixes.driverTooOld(f.driverVersion(), major * 1000, "cuBLAS " + major + " (" + cublas.path() + ")"));
    }

    private static String describe(Library l) {
        return l.name() + (l.version() == null ? "" : " " + l.version()) + " (" + l.path() + ")";
    }

    /** The major version in the file name: 12 for libcublas.so.12 or cublas64_12.dll, 0 when unknown. */
    static int major(Library l) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:\\.so\\.|64_)(\\d+)").matcher(l.name());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static Link devices(ProbeFacts f) {
        if (f.deviceCount() <= 0) {
            return Link.broken(DEVICES, "", "", Fixes.noDevice(f.environment(), f.platform().wsl()));
        }
        String visible = f.environment().get("CUDA_VISIBLE_DEVICES");
        String names = f.devices().stream().map(d -> "cuda:" + d.index() + " " + d.name()).collect(Collectors.joining(", "));
        return Link.working(DEVICES, f.deviceCount() + " device(s)" + (names.isEmpty() ? "" : ": " + names)
                + "; CUDA_VISIBLE_DEVICES " + (visible == null ? "unset" : "'" + visible + "'"));
    }
}
