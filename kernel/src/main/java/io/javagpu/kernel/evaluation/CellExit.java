package io.javagpu.kernel.evaluation;

/**
 * What {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} in cell code call instead (see
 * {@link ExitCallRewriter}): ending the JVM would end the kernel and every variable with it.
 */
public final class CellExit {
    private CellExit() {
    }

    public static void exit(int status) {
        throw new SystemExit("System.exit", status);
    }

    public static void exit(Runtime runtime, int status) {
        throw new SystemExit("Runtime.exit", status);
    }

    public static void halt(Runtime runtime, int status) {
        throw new SystemExit("Runtime.halt", status);
    }

    /** The cell asked the JVM to end; the cell stops here and the kernel goes on. */
    public static final class SystemExit extends RuntimeException {
        private final int status;

        SystemExit(String call, int status) {
            super(call + "(" + status + ") would end the kernel: the cell stops here instead, and the kernel keeps its state"
                    + " (restart the kernel to start afresh)");
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
