package io.javagpu.gpu;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds CUDA's user-space libraries: cuBLAS (libcublasLt.so.N and libcublas.so.N of ONE folder and ONE version,
 * N = 13 or 12; cublasLt64_N.dll and cublas64_N.dll on Windows) and the driver's libcuda.so.1. cuBLAS must be loaded
 * (Lt first) before JCublas2 is touched: JCublas2's native library needs libcublas.so.12 and a failed class
 * initialisation is permanent for the JVM, while a failed System.load can be retried. Looks, in this order, in:
 * <ol>
 * <li>$JAVA_GPU_CUDA_LIBRARY_PATH (one folder, for unusual layouts and the simulated GPU), $JAVA_GPU_CUBLAS_DIR</li>
 * <li>pip wheels (site-packages/nvidia/cu13/lib, nvidia/cublas/lib) of $VIRTUAL_ENV, $CONDA_PREFIX, ~/.local,
 * $PYTHONPATH, /opt/conda, /usr/local/lib and /usr/lib Pythons (python3.*, site-packages and dist-packages)</li>
 * <li>$CONDA_PREFIX/lib, /opt/conda/lib, $CUDA_HOME/lib64, $CUDA_PATH/lib64 (and bin on Windows)</li>
 * <li>the entries of $LD_LIBRARY_PATH</li>
 * <li>/usr/local/cuda/lib64, /usr/local/cuda-13*&#47;lib64, /usr/local/cuda-12*&#47;lib64 (newest first),
 * /usr/lib/x86_64-linux-gnu, /usr/lib64, and for libcuda.so.1 also /usr/lib/wsl/lib (WSL2)</li>
 * </ol>
 * The environment (variables and the file-system root) is injectable so tests can use fake folders.
 */
public final class CublasLocator {
    /** cuBLAS versions in the order preferred. */
    public static final List<Integer> VERSIONS = List.of(13, 12);

    /** Where to look: environment variables, the root that absolute system paths are resolved against, the OS. */
    public record Environment(Map<String, String> variables, List<Path> roots, boolean windows) {
        public static Environment system() {
            boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
            List<Path> roots = new ArrayList<>();
            for (Path r : java.nio.file.FileSystems.getDefault().getRootDirectories()) roots.add(r);
            Map<String, String> vars = new java.util.HashMap<>(System.getenv());
            vars.putIfAbsent("HOME", System.getProperty("user.home", ""));
            return new Environment(vars, roots, windows);
        }

        String get(String name) {
            String v = variables.get(name);
            return v == null || v.isBlank() ? null : v;
        }
    }

    /**
     * A folder holding libcublas.so.N. {@code version} is the full version read from the file the name resolves to
     * (13.1.0.3), or N when the file is not a versioned link; {@code problem} says why it cannot be used (no Lt of
     * the same version beside it), null when it can.
     */
    public record Candidate(Path directory, Path cublas, Path cublasLt, int major, String version, String source,
                            String problem) {
        public boolean usable() {
            return problem == null;
        }
    }

    /** One place looked at. */
    public record Place(Path directory, String source, boolean found) {
    }

    /** The candidates in search order and every place looked at. */
    public record Search(List<Candidate> candidates, List<Place> looked) {
        public String lookedSummary() {
            Set<String> sources = new LinkedHashSet<>();
            for (Place p : looked) sources.add(p.source());
            return String.join("; ", sources);
        }
    }

    /** The outcome of loading: the candidate that loaded, or the errors of every try. */
    public record LoadResult(Candidate loaded, Search search, List<String> errors) {
        public boolean ok() {
            return loaded != null;
        }
    }

    private final Environment env;

    public CublasLocator(Environment env) {
        this.env = env;
    }

    public String cublasName(int major) {
        return env.windows() ? "cublas64_" + major + ".dll" : "libcublas.so." + major;
    }

    public String cublasLtName(int major) {
        return env.windows() ? "cublasLt64_" + major + ".dll" : "libcublasLt.so." + major;
    }

    /** Folders holding cuBLAS of the given major versions, in search order, each folder once per version. */
    public Search search(List<Integer> majors) {
        List<Place> looked = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        for (Place place : distinct(places(false))) {
            boolean found = false;
            for (int major : majors) {
                Path cublas = place.directory().resolve(cublasName(major));
                if (!Files.isRegularFile(cublas)) continue;
                found = true;
                candidates.add(candidate(place, cublas, major));
            }
            looked.add(new Place(place.directory(), place.source(), found));
        }
        return new Search(List.copyOf(candidates), List.copyOf(looked));
    }

    private Candidate candidate(Place place, Path cublas, int major) {
        String version = fileVersion(cublas, major);
        Path lt = place.directory().resolve(cublasLtName(major));
        if (!Files.isRegularFile(lt)) {
            List<String> others = new ArrayList<>();
            for (int other : VERSIONS) {
                if (other != major && Files.isRegularFile(place.directory().resolve(cublasLtName(other)))) others.add(cublasLtName(other));
            }
            return new Candidate(place.directory(), cublas, null, major, version, place.source(), "no " + cublasLtName(major)
                    + " beside it" + (others.isEmpty() ? "" : " (only " + String.join(", ", others) + ")"));
        }
        String ltVersion = fileVersion(lt, major);
        String problem = ltVersion.equals(version) ? null
                : cublasLtName(major) + " is version " + ltVersion + " but " + cublasName(major) + " is " + version;
        return new Candidate(place.directory(), cublas, lt, major, version, place.source(), problem);
    }

    /** "13.1.0.3" when {@code file} resolves to libcublas.so.13.1.0.3, else the major version alone. */
    static String fileVersion(Path file, int major) {
        String prefix = file.getFileName().toString() + ".";
        try {
            String real = file.toRealPath().getFileName().toString();
            if (real.startsWith(prefix)) return major + "." + real.substring(prefix.length());
        } catch (IOException | RuntimeException e) {
            return String.valueOf(major);
        }
        return String.valueOf(major);
    }

    /** Loads Lt then cuBLAS from the first usable candidate that works, with {@code loader} (System::load for JCuda). */
    public LoadResult load(List<Integer> majors, Consumer<String> loader) {
        Search search = search(majors);
        List<String> errors = new ArrayList<>();
        for (Candidate c : search.candidates()) {
            if (!c.usable()) {
                errors.add(c.directory() + ": " + c.problem());
                continue;
            }
            try {
                loader.accept(c.cublasLt().toString());
                loader.accept(c.cublas().toString());
                return new LoadResult(c, search, errors);
            } catch (Throwable t) {
                errors.add(c.directory() + ": " + t);
            }
        }
        return new LoadResult(null, search, errors);
    }

    /** libcuda.so.1 in the places above (and /usr/lib/wsl/lib), or null: then the dynamic linker's own search decides. */
    public Path findDriver(List<Place> looked) {
        for (Place place : distinct(places(true))) {
            Path lib = place.directory().resolve("libcuda.so.1");
            boolean found = Files.isRegularFile(lib);
            looked.add(new Place(place.directory(), place.source(), found));
            if (found) return lib;
        }
        return null;
    }

    private static List<Place> distinct(List<Place> places) {
        List<Place> out = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Place p : places) {
            Path dir = p.directory().toAbsolutePath().normalize();
            if (seen.add(dir)) out.add(new Place(dir, p.source(), false));
        }
        return out;
    }

    private List<Place> places(boolean driver) {
        List<Place> places = new ArrayList<>();
        String own = env.get("JAVA_GPU_CUDA_LIBRARY_PATH");
        if (own != null) places.add(new Place(Path.of(own), "$JAVA_GPU_CUDA_LIBRARY_PATH", false));
        if (driver) {
            addLibraryPath(places);
            for (Path root : env.roots()) {
                places.add(new Place(root.resolve("usr/lib/x86_64-linux-gnu"), "/usr/lib/x86_64-linux-gnu", false));
                places.add(new Place(root.resolve("usr/lib64"), "/usr/lib64", false));
                places.add(new Place(root.resolve("usr/lib/wsl/lib"), "/usr/lib/wsl/lib", false));
            }
            return places;
        }
        String cublasDir = env.get("JAVA_GPU_CUBLAS_DIR");
        if (cublasDir != null) places.add(new Place(Path.of(cublasDir), "$JAVA_GPU_CUBLAS_DIR", false));

        String venv = env.get("VIRTUAL_ENV");
        String conda = env.get("CONDA_PREFIX");
        String home = env.get("HOME");
        if (env.windows()) {
            if (venv != null) addWheel(places, Path.of(venv, "Lib", "site-packages"), "pip wheel in $VIRTUAL_ENV");
            if (conda != null) addWheel(places, Path.of(conda, "Lib", "site-packages"), "pip wheel in $CONDA_PREFIX");
        } else {
            if (venv != null) addPythons(places, Path.of(venv, "lib"), new String[]{"site-packages"}, "pip wheel in $VIRTUAL_ENV");
            if (conda != null) addPythons(places, Path.of(conda, "lib"), new String[]{"site-packages"}, "pip wheel in $CONDA_PREFIX");
            if (home != null) addPythons(places, Path.of(home, ".local", "lib"), new String[]{"site-packages"}, "pip wheel in ~/.local");
            String pythonPath = env.get("PYTHONPATH");
            if (pythonPath != null) {
                for (String entry : pythonPath.split(java.io.File.pathSeparator)) {
                    if (!entry.isBlank()) addWheel(places, Path.of(entry), "pip wheel in $PYTHONPATH");
                }
            }
            for (Path root : env.roots()) {
                addPythons(places, root.resolve("opt/conda/lib"), new String[]{"site-packages"}, "pip wheel in /opt/conda/lib/python3*");
                addPythons(places, root.resolve("usr/local/lib"), new String[]{"site-packages", "dist-packages"}, "pip wheel in /usr/local/lib/python3*");
                addPythons(places, root.resolve("usr/lib"), new String[]{"site-packages", "dist-packages"}, "pip wheel in /usr/lib/python3*");
            }
        }
        if (conda != null) {
            places.add(new Place(Path.of(conda, "lib"), "$CONDA_PREFIX/lib", false));
            if (env.windows()) places.add(new Place(Path.of(conda, "Library", "bin"), "$CONDA_PREFIX/Library/bin", false));
        }
        if (!env.windows()) {
            for (Path root : env.roots()) places.add(new Place(root.resolve("opt/conda/lib"), "/opt/conda/lib", false));
        }
        for (String var : new String[]{"CUDA_HOME", "CUDA_PATH"}) {
            String cuda = env.get(var);
            if (cuda == null) continue;
            places.add(new Place(Path.of(cuda, env.windows() ? "bin" : "lib64"), "$" + var + (env.windows() ? "/bin" : "/lib64"), false));
        }
        addLibraryPath(places);
        if (!env.windows()) {
            for (Path root : env.roots()) {
                places.add(new Place(root.resolve("usr/local/cuda/lib64"), "/usr/local/cuda/lib64", false));
                for (String glob : new String[]{"cuda-13*", "cuda-12*"}) {
                    for (Path dir : globDirs(root.resolve("usr/local"), glob)) {
                        places.add(new Place(dir.resolve("lib64"), "/usr/local/" + glob + "/lib64", false));
                    }
                }
                places.add(new Place(root.resolve("usr/lib/x86_64-linux-gnu"), "/usr/lib/x86_64-linux-gnu", false));
                places.add(new Place(root.resolve("usr/lib64"), "/usr/lib64", false));
            }
        }
        return places;
    }

    private void addLibraryPath(List<Place> places) {
        String ld = env.get(env.windows() ? "PATH" : "LD_LIBRARY_PATH");
        if (ld == null) return;
        for (String entry : ld.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) places.add(new Place(Path.of(entry), env.windows() ? "$PATH" : "$LD_LIBRARY_PATH", false));
        }
    }

    private void addPythons(List<Place> places, Path libDir, String[] packageDirs, String source) {
        for (Path python : globDirs(libDir, "python3*")) {
            for (String packages : packageDirs) addWheel(places, python.resolve(packages), source);
        }
    }

    private void addWheel(List<Place> places, Path sitePackages, String source) {
        String lib = env.windows() ? "bin" : "lib";
        places.add(new Place(sitePackages.resolve("nvidia").resolve("cu13").resolve(lib), source, false));
        places.add(new Place(sitePackages.resolve("nvidia").resolve("cublas").resolve(lib), source, false));
    }

    /** Sub-folders of {@code dir} matching {@code glob}, newest-looking version first (reverse natural order). */
    static List<Path> globDirs(Path dir, String glob) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            for (Path p : stream) if (Files.isDirectory(p)) out.add(p);
        } catch (IOException | RuntimeException e) {
            return out;
        }
        out.sort(Comparator.comparing((Path p) -> versionKey(p.getFileName().toString())).reversed());
        return out;
    }

    /** Numeric parts compare numerically: "python3.10" above "python3.9", "cuda-12.10" above "cuda-12.4". */
    private static VersionKey versionKey(String name) {
        return new VersionKey(name);
    }

    private record VersionKey(String name) implements Comparable<VersionKey> {
        @Override
        public int compareTo(VersionKey o) {
            String[] a = name.split("[^0-9]+");
            String[] b = o.name.split("[^0-9]+");
            for (int i = 0; i < Math.min(a.length, b.length); i++) {
                if (a[i].isEmpty() || b[i].isEmpty()) continue;
                int c = Long.compare(parse(a[i]), parse(b[i]));
                if (c != 0) return c;
            }
            int c = Integer.compare(a.length, b.length);
            return c != 0 ? c : name.compareTo(o.name);
        }

        private static long parse(String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
