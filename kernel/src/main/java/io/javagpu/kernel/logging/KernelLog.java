package io.javagpu.kernel.logging;

import java.io.PrintStream;

/**
 * Kernel diagnostics go to the process's original stderr (the client's log), never to the notebook: System.out
 * and System.err are redirected to the notebook once the kernel runs.
 */
public final class KernelLog {
    private static final PrintStream ORIGINAL_ERR = System.err;
    private static volatile boolean debug = System.getenv("JAVA_GPU_KERNEL_DEBUG") != null;

    private KernelLog() {
    }

    /** Called before System.err is redirected, so that the original stream is the one kept. */
    public static void init() {
        debug("kernel log on the original stderr");
    }

    public static void warn(String message) {
        ORIGINAL_ERR.println("[java-gpu] " + message);
    }

    public static boolean debugging() {
        return debug;
    }

    public static void debug(String message) {
        if (debug) ORIGINAL_ERR.println("[java-gpu debug " + System.currentTimeMillis() + "] " + message);
    }
}
