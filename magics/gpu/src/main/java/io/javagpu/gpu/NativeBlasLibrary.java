package io.javagpu.gpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which native BLAS this process loaded, named from the shared objects mapped into it (/proc/self/maps lists their
 * resolved paths, e.g. Debian's openblas-pthread/libopenblasp-r0.3.21.so behind the libblas.so.3 alternative).
 * Netlib does not expose openblas_get_config(), and JDK 17 has no java.lang.foreign to call it, so the version comes
 * from the file name, and the thread count from the variables OpenBLAS reads when it loads (else, like OpenBLAS,
 * one thread per processor).
 */
record NativeBlasLibrary(String label, boolean reference) {
    private static final Pattern OPENBLAS = Pattern.compile("libopenblas[a-z0-9_]*?(p?)-r([0-9][0-9.]*[0-9])\\.so");
    private static final Pattern REFERENCE = Pattern.compile("/blas/libblas\\.so\\.([0-9][0-9.]*)$");
    private static final List<String> THREAD_VARIABLES = List.of("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS");

    static NativeBlasLibrary identify(List<String> mappedFiles, Map<String, String> env, int processors) {
        for (String path : mappedFiles) {
            Matcher m = OPENBLAS.matcher(path);
            if (m.find()) return openBlas(path, m.group(2), !m.group(1).isEmpty(), env, processors);
        }
        for (String path : mappedFiles) {
            Matcher m = REFERENCE.matcher(path);
            if (m.find()) return new NativeBlasLibrary("reference BLAS " + m.group(1) + " (netlib, unoptimised), 1 thread", true);
        }
        for (String path : mappedFiles) {
            String name = Path.of(path).getFileName().toString();
            if (name.startsWith("libblas.so") || name.contains("mkl_rt") || name.startsWith("libblis")) {
                return new NativeBlasLibrary("native BLAS " + path + ", thread count unknown", false);
            }
        }
        return new NativeBlasLibrary("native BLAS (library file not identified)", false);
    }

    /** The native BLAS loaded into this JVM; call once netlib has loaded it. */
    static NativeBlasLibrary current() {
        List<String> files;
        try {
            files = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .map(line -> line.indexOf('/') < 0 ? "" : line.substring(line.indexOf('/')))
                    .filter(path -> path.contains(".so")).distinct().toList();
        } catch (IOException | RuntimeException e) {
            files = List.of();
        }
        return identify(files, System.getenv(), Runtime.getRuntime().availableProcessors());
    }

    private static NativeBlasLibrary openBlas(String path, String version, boolean threaded, Map<String, String> env, int processors) {
        String threading = path.contains("openmp") ? "OpenMP" : path.contains("pthread") ? "pthreads" : threaded ? "threaded" : "serial";
        int threads = threading.equals("serial") ? 1 : threadsFromEnv(env, processors);
        String label = "OpenBLAS " + version + " (" + threading + "), " + threads + (threads == 1 ? " thread" : " threads");
        String core = env.get("OPENBLAS_CORETYPE");
        if (core != null && !core.isBlank()) label += ", OPENBLAS_CORETYPE=" + core;
        return new NativeBlasLibrary(label, false);
    }

    private static int threadsFromEnv(Map<String, String> env, int processors) {
        for (String name : THREAD_VARIABLES) {
            try {
                int n = Integer.parseInt(env.getOrDefault(name, "").trim());
                if (n > 0) return n;
            } catch (NumberFormatException ignored) {
                // unset or not a number: OpenBLAS ignores it too
            }
        }
        return processors;
    }
}
