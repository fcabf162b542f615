package io.javagpu.gpu;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;

import java.util.Locale;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Chooses the CPU GEMM of %gpu once per kernel: the system BLAS through netlib's JNI binding (OpenBLAS where
 * Debian's libopenblas0-pthread is installed; netlib dlopens {@code libblas.so.3}, or the file named by
 * {@code -Ddev.ludovic.netlib.blas.nativeLib} / {@code nativeLibPath}), else the plain-Java {@link CpuGemm}.
 * The reference BLAS does not count as a native BLAS: it is an order of magnitude slower than CpuGemm.
 * Netlib's own Java fallbacks are not used: single-threaded, they are slower than CpuGemm at 1024 and about 10x
 * slower at 2048 on 2 cores. {@code JAVA_GPU_CPU_BLAS=java} (or {@code -Djavagpu.cpu.blas=java}) forces CpuGemm.
 */
final class CpuGemms {
    static final String ENV = "JAVA_GPU_CPU_BLAS";
    static final String PROPERTY = "javagpu.cpu.blas";
    /** Netlib logs a warning for each implementation it fails to load; the label says what was chosen instead. */
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");
    private static CpuGemmEngine chosen;

    private CpuGemms() {
    }

    static synchronized CpuGemmEngine get() {
        if (chosen == null) chosen = choose(System.getProperty(PROPERTY, System.getenv(ENV)), CpuGemms::loadNative, NativeBlasLibrary::current);
        return chosen;
    }

    /** @param mode "auto" (or null/empty) or "java"; {@code loadNative} returns null when there is no native BLAS */
    static CpuGemmEngine choose(String mode, Supplier<BLAS> loadNative, Supplier<NativeBlasLibrary> identify) {
        String m = mode == null || mode.isBlank() ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
        if (m.equals("java")) return new JavaGemm(ENV + "=java");
        if (!m.equals("auto")) throw new IllegalArgumentException(ENV + "='" + mode + "' is not understood: use auto or java");
        String nativeLib = System.getProperty("dev.ludovic.netlib.blas.nativeLib", "libblas.so.3");
        BLAS blas = loadNative.get();
        if (blas == null) return new JavaGemm("no native BLAS found: " + nativeLib + " did not load; Debian: apt-get install libopenblas0-pthread");
        NativeBlasLibrary library = identify.get();
        if (library.reference()) return new JavaGemm(nativeLib + " is the " + library.label().replaceFirst(", 1 thread$", ""));
        return new NativeBlasGemm(blas, library.label());
    }

    private static BLAS loadNative() {
        NETLIB_LOG.setLevel(Level.OFF);
        try {
            return NativeBLAS.getInstance();
        } catch (RuntimeException | LinkageError e) {
            return null;
        } finally {
            removeExtractedJni();
        }
    }

    /**
     * Netlib copies its JNI library into java.io.tmpdir under a random name and asks for it to be deleted at exit,
     * which never comes (the kernel halts). Once loaded, the mapping outlives the file: the copy this process mapped is
     * deleted at once, so kernels leave nothing in the shared temp folder.
     */
    private static void removeExtractedJni() {
        java.nio.file.Path temp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        try (java.util.stream.Stream<String> maps = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/self/maps"))) {
            maps.map(line -> line.indexOf('/') < 0 ? null : java.nio.file.Path.of(line.substring(line.indexOf('/'))))
                    .filter(path -> path != null && path.startsWith(temp) && path.getFileName().toString().startsWith("libnetlibblasjni"))
                    .distinct()
                    .forEach(path -> path.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or nothing to remove
        }
    }
}
