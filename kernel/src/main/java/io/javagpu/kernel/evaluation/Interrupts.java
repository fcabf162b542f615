package io.javagpu.kernel.evaluation;

import java.util.function.Supplier;

/**
 * The user's interrupt for the running cell: stops JShell code, wakes a blocked kernel thread and raises a flag
 * that long-running magics check between steps.
 */
public final class Interrupts {
    private final Supplier<JShellEvaluator> evaluator;
    private volatile boolean requested;
    private volatile Thread executionThread;

    public Interrupts(Supplier<JShellEvaluator> evaluator) {
        this.evaluator = evaluator;
    }

    /** Called when a cell starts on {@code thread}. */
    public void beginCell(Thread thread) {
        requested = false;
        executionThread = thread;
    }

    /**
     * Synchronized with {@link #interrupt}: once this returns, no interrupt can reach the thread any more, so a
     * late one cannot hit it while it sends the reply (an interrupted NIO call would close the socket).
     */
    public synchronized void endCell() {
        executionThread = null;
        Thread.interrupted();
    }

    public synchronized void interrupt() {
        requested = true;
        JShellEvaluator shell = evaluator.get();
        if (shell != null) shell.stop();
        Thread thread = executionThread;
        if (thread != null) thread.interrupt();
    }

    public boolean isRequested() {
        return requested;
    }

    public void check() throws InterruptedException {
        if (requested) throw new InterruptedException("interrupted by the user");
    }

    /** Lets the interrupt reach a JShell that is still being built when the kernel starts. */
    public static final class Holder {
        private volatile JShellStart shell;
        private final Interrupts interrupts = new Interrupts(() -> {
            JShellStart start = shell;
            return start == null ? null : start.ifReady().orElse(null);
        });

        /** The JShell being built that interrupts stop once it is (the moment it is, before any cell can use it). */
        void follow(JShellStart start) {
            shell = start;
        }

        public Interrupts interrupts() {
            return interrupts;
        }
    }
}
