package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import io.javagpu.display.DisplaySink;
import io.javagpu.kernel.logging.KernelLog;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Completes the {@link NotebookRuntime} around the JShell that {@link JShellStart} builds, on a daemon thread, once:
 * when the kernel starts serving (display, magics, the notebook's classpath and startup scripts need the channels),
 * or earlier when a request needs it.
 */
final class RuntimeLauncher {
    private final CompletableFuture<NotebookRuntime> runtime = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final DisplaySink display;
    private final Interrupts.Holder interrupts;
    private final JShellStart shell;

    RuntimeLauncher(DisplaySink display, Interrupts.Holder interrupts, JShellStart shell) {
        this.display = display;
        this.interrupts = interrupts;
        this.shell = shell;
    }

    /** Starts building the runtime unless that has begun already. */
    void start() {
        if (!started.compareAndSet(false, true)) return;
        Thread starter = new Thread(() -> {
            try {
                runtime.complete(NotebookRuntime.create(display, interrupts, java.nio.file.Path.of("").toAbsolutePath(), shell));
                KernelLog.debug("notebook runtime ready");
            } catch (Throwable e) {
                KernelLog.warn("the notebook runtime failed to start: " + e);
                runtime.completeExceptionally(e);
            }
        }, "runtime-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** Starts the runtime if needed and waits for it; a failed start becomes a cell error. */
    NotebookRuntime await() throws EvaluationException {
        start();
        try {
            return runtime.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvaluationException("InterruptedException", "interrupted while JShell was starting", List.of());
        } catch (ExecutionException e) {
            throw new EvaluationException("KernelStartupError", "JShell could not start: " + e.getCause(), List.of(String.valueOf(e.getCause())));
        }
    }
}
