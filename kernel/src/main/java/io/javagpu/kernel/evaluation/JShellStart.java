package io.javagpu.kernel.evaluation;

import io.javagpu.kernel.logging.KernelLog;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * JShell with the default imports, built on a thread of its own from the moment the kernel process starts. Its first
 * javac passes are most of a kernel's start and need nothing from the sockets, so they overlap ZeroMQ's start and
 * the client's connection (on 2 cores: JShell ready ~150 ms sooner than when it was begun once the channels were bound).
 */
public final class JShellStart {
    private final CompletableFuture<JShellEvaluator> evaluator = new CompletableFuture<>();

    private JShellStart() {
    }

    public static JShellStart begin() {
        JShellStart start = new JShellStart();
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

    Future<JShellEvaluator> evaluator() {
        return evaluator;
    }
}
