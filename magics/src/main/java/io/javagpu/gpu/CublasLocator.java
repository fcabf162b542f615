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
 * Finds cuBLAS 12 (libcublasLt.so.12 and libcublas.so.12, or cublasLt64_12.dll and cublas64_12.dll) before JCublas2
 * is touched: JCublas2's native library needs libcublas.so.12 and a failed class initialisation is permanent for
 * the JVM, while a failed System.load can be retried. Looks, in this order, in:
 * <ol>
 * <li>$JAVA_GPU_CUBLAS_DIR</li>
 * <li>pip wheels (nvidia-cublas-cu12: site-packages/nvidia/cublas/lib) of $VIRTUAL_ENV, $CONDA_PREFIX,
 * ~/.local, $PYTHONPATH, /opt/conda, /usr/local/lib and /usr/lib Pythons (python3.*, site-packages and dist-packages)</li>
 * <li>$CONDA_PREFIX/lib, /opt/conda/lib, $CUDA_HOME/lib64, $CUDA_PATH/lib64 (and bin on Windows)</li>
 * <li>the entries of $LD_LIBRARY_PATH</li>
 * <li>/usr/local/cuda/lib64, /usr/local/cuda-12*&#47;lib64 (newest first), /usr/lib/x86_64-linux-gnu, /usr/lib64</li>
 * </ol>
 * The environment (variables and the file-system root) is injectable so tests can use fake folders.
 */
public final class CublasLocator {

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

    /** A folder holding cuBLAS; {@code cublasLt} may be null when only libcublas is there. */
    public record Candidate(Path directory, Path cublas, Path cublasLt, String source) {
    }

    /** One place looked at. */
    public record Place(Path directory, String source, boolean found) {
    }

    /** The candidates in search order and every place looked at. */
    public record Search(List<Candidate> candidates, List<Place> looked) {
        public String lookedSummary() {
            StringBuilder sb = new StringBuilder();
            Set<String> sources = new LinkedHashSet<>();
            for (Place p : looked) sources.add(p.source());
            for (String s : sources) {
                if (sb.length() > 0) sb.append("; ");
                sb.append(s);
            }
            return sb.toString();
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

    public String cublasName() {
        return env.windows() ? "cublas64_12.dll" : "libcublas.so.12";
    }

    public String cublasLtName() {
        return env.windows() ? "cublasLt64_12.dll" : "libcublasLt.so.12";
    }

    public Search search() {
        List<Place> looked = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Place place : places()) {
            Path dir = place.directory().toAbsolutePath().normalize();
            if (!seen.add(dir)) continue;
            Path cublas = dir.resolve(cublasName());
            boolean found = Files.isRegularFile(cublas);
            looked.add(new Place(dir, place.source(), found));
            if (found) {
                Path lt = dir.resolve(cublasLtName());
                candidates.add(new Candidate(dir, cublas, Files.isRegularFile(lt) ? lt : null, place.source()));
            }
        }
        return new Search(List.copyOf(candidates), List.copyOf(looked));
    }

    /** Loads Lt then cuBLAS from the first candidate that works, with {@code loader} (System::load in production). */
    public LoadResult load(Consumer<String> loader) {
        Search search = search();
        List<String> errors = new ArrayList<>();
        for (Candidate c : search.candidates()) {
            try {
                if (c.cublasLt() != null) loader.accept(c.cublasLt().toString());
                loader.accept(c.cublas().toString());
                return new LoadResult(c, search, errors);
            } catch (Throwable t) {
                errors.add(c.directory() + ": " + t);
            }
        }
        return new LoadResult(null, search, errors);
    }

    private List<Place> places() {
        List<Place> places = new ArrayList<>();
        String own = env.get("JAVA_GPU_CUBLAS_DIR");
        if (own != null) places.add(new Place(Path.of(own), "$JAVA_GPU_CUBLAS_DIR", false));

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
        String ld = env.get(env.windows() ? "PATH" : "LD_LIBRARY_PATH");
        if (ld != null) {
            for (String entry : ld.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) places.add(new Place(Path.of(entry), env.windows() ? "$PATH" : "$LD_LIBRARY_PATH", false));
            }
        }
        if (!env.windows()) {
            for (Path root : env.roots()) {
                places.add(new Place(root.resolve("usr/local/cuda/lib64"), "/usr/local/cuda/lib64", false));
                for (Path dir : globDirs(root.resolve("usr/local"), "cuda-12*")) {
                    places.add(new Place(dir.resolve("lib64"), "/usr/local/cuda-12*/lib64", false));
                }
                places.add(new Place(root.resolve("usr/lib/x86_64-linux-gnu"), "/usr/lib/x86_64-linux-gnu", false));
                places.add(new Place(root.resolve("usr/lib64"), "/usr/lib64", false));
            }
        }
        return places;
    }

    private void addPythons(List<Place> places, Path libDir, String[] packageDirs, String source) {
        for (Path python : globDirs(libDir, "python3*")) {
            for (String packages : packageDirs) addWheel(places, python.resolve(packages), source);
        }
    }

    private void addWheel(List<Place> places, Path sitePackages, String source) {
        places.add(new Place(sitePackages.resolve("nvidia").resolve("cublas").resolve(env.windows() ? "bin" : "lib"), source, false));
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
