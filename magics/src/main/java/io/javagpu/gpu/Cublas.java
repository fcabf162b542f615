package io.javagpu.gpu;

/**
 * Loads cuBLAS 12 through {@link CublasLocator} before JCublas2 is ever touched, and remembers the outcome.
 * A failed search is retried on the next call (the user may have pip-installed it meanwhile); JCublas2 itself is
 * only touched once both libraries loaded.
 */
public final class Cublas {
    private static CublasLocator.LoadResult loaded;
    private static CublasLocator.LoadResult lastTry;

    private Cublas() {
    }

    /** Loads (or returns the earlier successful load). */
    public static synchronized CublasLocator.LoadResult load() {
        if (loaded != null) return loaded;
        CublasLocator.LoadResult result = new CublasLocator(CublasLocator.Environment.system()).load(System::load);
        lastTry = result;
        if (result.ok()) loaded = result;
        return result;
    }

    public static synchronized boolean isLoaded() {
        return loaded != null;
    }

    /** Why cuBLAS is not usable (with the fix), or empty. */
    public static String whyNot() {
        CublasLocator.LoadResult r = load();
        if (r.ok()) return "";
        String lib = new CublasLocator(CublasLocator.Environment.system()).cublasName();
        StringBuilder sb = new StringBuilder(lib + " not found");
        if (!r.errors().isEmpty()) sb = new StringBuilder(lib + " found but did not load (" + String.join("; ", r.errors()) + ")");
        sb.append(" (looked in ").append(r.search().lookedSummary()).append("). Fix: ").append(Fixes.CUBLAS_FIX).append('.');
        return sb.toString();
    }

    static synchronized CublasLocator.LoadResult lastTry() {
        return lastTry;
    }
}
