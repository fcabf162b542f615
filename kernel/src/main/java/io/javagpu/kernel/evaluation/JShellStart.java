package io.javagpu.kernel.evaluation;

import io.javagpu.kernel.logging.KernelLog;
import io.javagpu.magics.EvaluationException;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * JShell with the default imports, built on a thread of its own from the moment the kernel process starts. Its first
 * javac passes are most of a kernel's start and need nothing from the sockets, so they overlap ZeroMQ's start and
 * the client's connection (on 2 cores: JShell ready ~150 ms sooner than when it was begun once the channels were bound).
 * Only what needs JShell waits for it ({@link #await}): a magic that runs no Java, such as a tutorial's first
 * {@code %gpu info}, runs while JShell is still being built.
 */
public final class JShellStart {
    private final CompletableFuture<JShellEvaluator> evaluator;

    private JShellStart(CompletableFuture<JShellEvaluator> evaluator) {
        this.evaluator = evaluator;
    }

    public static JShellStart begin() {
        JShellStart start = new JShellStart(new CompletableFuture<>());
        Thread starter = new Thread(() -> {
            try {
                start.evaluator.complete(NotebookRuntime.newEvaluator());
                if (KernelLog.debugging()) {
                    long cpuMs = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
                    KernelLog.debug("JShell built, default imports in (" + cpuMs + " ms of CPU on this thread)");
                }
            } catch (Throwable e) {
                KernelLog.warn("JShell failed to start: " + e);
                start.evaluator.completeExceptionally(e);
            }
        }, "jshell-start");
        starter.setDaemon(true);
        starter.start();
        return start;
    }

    /** A start that is over when {@code evaluator} completes (tests hold JShell back with it). */
    static JShellStart of(CompletableFuture<JShellEvaluator> evaluator) {
        return new JShellStart(evaluator);
    }

    /** Waits for JShell; an interrupt or a failed start becomes a cell error. */
    JShellEvaluator await() throws EvaluationException {
        try {
            return evaluator.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvaluationException("InterruptedException", "interrupted while JShell was starting",
                    List.of(Errors.red("Interrupted") + ": the cell was stopped while JShell was still starting"));
        } catch (ExecutionException e) {
            throw new EvaluationException("KernelStartupError", "JShell could not start: " + e.getCause(),
                    List.of(Errors.red("KernelStartupError") + ": JShell could not start: " + e.getCause()));
        }
    }

    /** {@link #await} for callers that cannot throw a checked exception. */
    JShellEvaluator awaitUnchecked() {
        try {
            return await();
        } catch (EvaluationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** JShell when it is built already, without waiting. */
    Optional<JShellEvaluator> ifReady() {
        return evaluator.isDone() && !evaluator.isCompletedExceptionally() ? Optional.of(evaluator.join()) : Optional.empty();
    }
}
