package io.javagpu.gpu.cuda;

import io.javagpu.gpu.CublasLocator;
import io.javagpu.gpu.ProbeFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads the bindings and picks the one %gpu uses: {@code %gpu binding NAME} for this session, else
 * $JAVA_GPU_BINDING, else auto (the foreign binding where the JDK is 22+ and libcuda.so.1 loads: it reaches machines
 * that have only CUDA 13; else JCuda). JCuda is only touched once its natives are on java.library.path, the foreign
 * binding only on JDK 22+ and only reflectively, so a JDK 17 kernel never loads its class files.
 */
public final class CudaBindings {
    public static final List<String> NAMES = List.of("auto", "jcuda", "foreign");
    static final String FOREIGN_CLASS = "io.javagpu.gpu.cuda.ForeignBinding";

    /** What loading one binding gave: the binding (null when unavailable), why not, the libraries it looked for. */
    public record Loaded(CudaBinding binding, String whyNot, List<ProbeFacts.Library> libraries) {
        public Loaded {
            libraries = List.copyOf(libraries);
        }
    }

    /** The binding to use (null when none can be), every binding considered, and the other bindings' libraries. */
    public record Selection(CudaBinding active, List<ProbeFacts.Binding> bindings, List<ProbeFacts.Library> otherLibraries,
                            String whyNone) {
        /** The active binding's libraries as they are now (it learns some on init), then the others'. */
        public List<ProbeFacts.Library> libraries() {
            List<ProbeFacts.Library> all = new ArrayList<>();
            if (active != null) all.addAll(active.libraries());
            all.addAll(otherLibraries);
            return all;
        }
    }

    private static String sessionChoice;
    private static Loaded jcuda;
    private static Loaded foreign;

    private CudaBindings() {
    }

    /** Validates {@code name} (auto, jcuda or foreign) and uses it for this session; throws IllegalArgumentException. */
    public static synchronized void choose(String name) {
        sessionChoice = validate(name, "binding");
    }

    /** The lower-case name, or IllegalArgumentException naming the valid ones. */
    static String validate(String name, String what) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) throw new IllegalArgumentException("unknown " + what + " '" + name + "': use auto, jcuda or foreign");
        return n;
    }

    /** The request and where it came from. */
    static String[] requested() {
        if (sessionChoice != null) return new String[]{sessionChoice, "%gpu binding " + sessionChoice};
        String env = System.getenv("JAVA_GPU_BINDING");
        if (env != null && !env.isBlank()) return new String[]{env, "JAVA_GPU_BINDING=" + env};
        return new String[]{"auto", "default (auto)"};
    }

    /** Loads what is not loaded yet (retrying bindings that could not load or lacked cuBLAS) and picks one. */
    public static synchronized Selection select() {
        if (jcuda == null || jcuda.binding() == null || jcuda.binding().blasWhyNot() != null) jcuda = loadJCuda();
        if (foreign == null || foreign.binding() == null || foreign.binding().blasWhyNot() != null) foreign = loadForeign();
        String[] request = requested();
        String requested;
        try {
            requested = validate(request[0], "binding in " + request[1]);
        } catch (IllegalArgumentException e) {
            return pick(null, e.getMessage(), e.getMessage());
        }
        switch (requested) {
            case "jcuda":
                return pick("jcuda", request[1], jcuda.binding() == null ? request[1] + " but JCuda is unavailable: " + jcuda.whyNot() : null);
            case "foreign":
                return pick("foreign", request[1], foreign.binding() == null ? request[1] + " but the foreign binding is unavailable: " + foreign.whyNot() : null);
            default:
                if (foreign.binding() != null) return pick("foreign", request[1] + ": JDK 22+ and libcuda.so.1 loaded", null);
                if (jcuda.binding() != null) return pick("jcuda", request[1] + ": foreign binding unavailable (" + foreign.whyNot() + ")", null);
                return pick(null, request[1], "no binding can be used: jcuda: " + jcuda.whyNot() + "; foreign: " + foreign.whyNot());
        }
    }

    private static Selection pick(String name, String reason, String whyNone) {
        CudaBinding active = whyNone != null || name == null ? null : (name.equals("jcuda") ? jcuda : foreign).binding();
        List<ProbeFacts.Binding> bindings = new ArrayList<>();
        bindings.add(fact("foreign", "CUDA driver API (libcuda.so.1) and cuBLAS 13/12 through java.lang.foreign (JDK 22+)", foreign, active, reason));
        bindings.add(fact("jcuda", "JCuda " + JCudaNatives.VERSION + " (JNI; CUDA runtime 12.0 linked in, JCublas2 needs cuBLAS 12)", jcuda, active, reason));
        List<ProbeFacts.Library> others = new ArrayList<>();
        for (Loaded loaded : List.of(foreign, jcuda)) {
            if (active == null || loaded.binding() != active) others.addAll(loaded.libraries());
        }
        return new Selection(active, bindings, others, whyNone);
    }

    private static ProbeFacts.Binding fact(String name, String description, Loaded loaded, CudaBinding active, String reason) {
        boolean isActive = active != null && active == loaded.binding();
        return new ProbeFacts.Binding(name, description, loaded.binding() != null,
                loaded.binding() == null ? loaded.whyNot() : null, isActive, isActive ? reason : null);
    }

    private static Loaded loadJCuda() {
        String why = JCudaNatives.whyNotOnLibraryPath();
        if (why != null) return new Loaded(null, why, List.of());
        try {
            JCudaBinding b = JCudaBinding.load(new CublasLocator(CublasLocator.Environment.system()));
            return new Loaded(b, b.blasWhyNot(), b.libraries());
        } catch (LinkageError | RuntimeException e) {
            return new Loaded(null, "JCuda's natives did not load: " + e, List.of());
        }
    }

    private static Loaded loadForeign() {
        int feature = Runtime.version().feature();
        if (feature < 22) return new Loaded(null, "needs JDK 22+ (java.lang.foreign); this kernel runs on Java " + feature, List.of());
        if (CudaBindings.class.getClassLoader().getResource(FOREIGN_CLASS.replace('.', '/') + ".class") == null) {
            return new Loaded(null, "this build has no foreign binding (it was built without a JDK 22+)", List.of());
        }
        try {
            Class<?> c = Class.forName(FOREIGN_CLASS);
            return (Loaded) c.getMethod("load", CublasLocator.class).invoke(null, new CublasLocator(CublasLocator.Environment.system()));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            return new Loaded(null, "the foreign binding failed to load: " + cause, List.of());
        }
    }
}
