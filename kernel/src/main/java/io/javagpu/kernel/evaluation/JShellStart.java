package io.javagpu.kernel.evaluation;

import io.javagpu.kernel.logging.KernelLog;
import io.javagpu.magics.EvaluationException;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * JShell, built on a thread of its own from the moment the kernel process starts. Its first javac pass is most of a
 * kernel's start and needs nothing from the sockets, so it overlaps ZeroMQ's start and the client's connection (on 2
 * cores: JShell ready ~150 ms sooner than when it was begun once the channels were bound). Only what needs JShell
 * waits for it ({@link #await}): a magic that runs no Java, such as a tutorial's first {@code %gpu info}, runs while
 * JShell is still being built.
 *
 * <p>JShell takes the default imports after that, on the same thread ({@link JShellEvaluator#deferImports}): once
 * the first cell is over if one asked for JShell within 200 ms of its being built, else then.
 */
public final class JShellStart {
    /** How long a built JShell waits for a first cell before it takes the imports; a front end sends one at once. */
    private static final Duration FIRST_CELL_GRACE = Duration.ofMillis(200);
    /** How long the imports wait for that cell to end before they queue behind it. */
    private static final Duration FIRST_CELL_LIMIT = Duration.ofSeconds(1);
    private final CompletableFuture<JShellEvaluator> evaluator;
    private final CountDownLatch askedFor = new CountDownLatch(1);

    private JShellStart(CompletableFuture<JShellEvaluator> evaluator) {
        this.evaluator = evaluator;
    }

    public static JShellStart begin() {
        JShellStart start = new JShellStart(new CompletableFuture<>());
        Thread starter = new Thread(() -> {
            JShellEvaluator built;
            try {
                built = NotebookRuntime.newEvaluator();
                start.evaluator.complete(built);
                debugCpu("JShell built");
            } catch (Throwable e) {
                KernelLog.warn("JShell failed to start: " + e);
                start.evaluator.completeExceptionally(e);
                return;
            }
            try {
                if (start.askedFor.await(FIRST_CELL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) built.awaitFirstUse(FIRST_CELL_LIMIT);
                built.installDeferredImports();
                debugCpu("default imports in");
            } catch (InterruptedException | RuntimeException e) {
                KernelLog.debug("default imports left to the next use of JShell: " + e);
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

    private static void debugCpu(String what) {
        if (KernelLog.debugging()) {
            long cpuMs = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
            KernelLog.debug(what + " (" + cpuMs + " ms of CPU on this thread)");
        }
    }

    /** Waits for JShell; an interrupt or a failed start becomes a cell error. */
    JShellEvaluator await() throws EvaluationException {
        askedFor.countDown();
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
