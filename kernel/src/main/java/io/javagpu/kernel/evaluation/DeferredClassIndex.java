package io.javagpu.kernel.evaluation;

import io.javagpu.kernel.logging.KernelLog;
import jdk.jshell.SourceCodeAnalysis;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * JShell indexes every class of the JDK and the classpath on a thread of its own from the moment it is built: measured
 * ~16 MB of heap kept for the session and ~0.5 s of CPU competing with the kernel's start. Only completion reads the
 * index (package names, as in {@code import java.ut}), so it is held back until the first completion needs it, which
 * then waits for it once. JShell indexes on one thread for every JShell of the JVM, so a JShell that closes lets
 * its index go too. Reaches into {@code jdk.jshell} (opened by the jar's manifest); when that fails, JShell indexes
 * as it always does.
 */
final class DeferredClassIndex {
    private static final int BUILD_WAIT_SECONDS = 10;
    private final SourceCodeAnalysis analysis;
    private final Method resume;
    private final Method awaitBuilt;
    private boolean released;

    private DeferredClassIndex(SourceCodeAnalysis analysis, Method resume, Method awaitBuilt, boolean released) {
        this.analysis = analysis;
        this.resume = resume;
        this.awaitBuilt = awaitBuilt;
        this.released = released;
    }

    /** Holds back the index of {@code analysis}; call as soon as JShell has made it (its indexing starts then). */
    static DeferredClassIndex hold(SourceCodeAnalysis analysis) {
        try {
            Class<?> type = analysis.getClass();
            Method resume = InternalAccess.method(type, "resumeIndexing");
            Method awaitBuilt = InternalAccess.method(type, "waitBackgroundTaskFinished");
            InternalAccess.method(type, "suspendIndexing").invoke(analysis);
            return new DeferredClassIndex(analysis, resume, awaitBuilt, false);
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.debug("cannot defer JShell's class index (" + e + "); it is built at start");
            return new DeferredClassIndex(analysis, null, null, true);
        }
    }

    /**
     * Lets the index be built and waits for it, the first time only; when another JShell's held index keeps the
     * shared indexing thread waiting, completion goes on after a while with what is indexed so far.
     */
    synchronized void releaseAndAwait() {
        if (released) return;
        release();
        FutureTask<Void> built = new FutureTask<>(() -> {
            awaitBuilt.invoke(analysis);
            return null;
        });
        Thread waiter = new Thread(built, "class-index-wait");
        waiter.setDaemon(true);
        waiter.start();
        try {
            built.get(BUILD_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            KernelLog.warn("JShell's class index is not built after " + BUILD_WAIT_SECONDS + " s; completing without it");
        } catch (ExecutionException e) {
            KernelLog.warn("JShell's class index failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the index be built without waiting (as JShell closes: its indexing thread serves every JShell). */
    synchronized void release() {
        if (released) return;
        released = true;
        try {
            resume.invoke(analysis);
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.warn("cannot release JShell's class index: " + e);
        }
    }
}
