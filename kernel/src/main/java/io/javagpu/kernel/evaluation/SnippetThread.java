package io.javagpu.kernel.evaluation;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The thread that runs the notebook's snippets, one at a time, for the whole session, as a program's main thread
 * would: thread-local values, the context class loader and the CUDA context current on the thread carry over from
 * one snippet to the next. A thread of its own per snippet cost up to a millisecond of a trivial cell on two cores:
 * its stack (see {@link CellExecutionControl#CELL_STACK_BYTES}) was mapped and unmapped every time, and the unmapping
 * interrupts every core to flush its TLB.
 * <p>
 * A new thread takes over when the last one is retired: after it was stopped with {@code Thread.stop} (JDK 17-19,
 * which may strike between two snippets as well) and after a stack overflow, so that a deep stack's memory goes back.
 * Threads that snippets start join this thread's group; {@link #interruptSnippet} interrupts the snippet and the
 * threads started since the cell began, not those that earlier cells started.
 */
final class SnippetThread {
    private final ThreadGroup group;
    private final long stackBytes;
    private final ClassLoader contextLoader;
    private final Object lock = new Object();
    /** The thread that takes the next job; null once retired. Guarded by lock, as are pending and Job.done. */
    private Thread thread;
    private Job pending;
    private volatile Job running;
    private volatile Set<Thread> threadsBeforeCell = Set.of();
    /** The number of the cell that runs now (one caller begins cells: the shell). */
    private volatile long cell;
    /** The cell that a stop reached: no further snippet of it runs (a stop may come while its next snippet compiles). */
    private volatile long stoppedCell = -1;
    private int threadNumber;

    /** {@code contextLoader}: each new snippet thread's context class loader (the snippet classes', as in JShell's own local execution). */
    SnippetThread(ThreadGroup group, long stackBytes, ClassLoader contextLoader) {
        this.group = group;
        this.stackBytes = stackBytes;
        this.contextLoader = contextLoader;
    }

    /**
     * Runs {@code body} on the snippet thread and returns once it has ended; an interrupt of the calling thread calls
     * {@code onInterrupt}, and the wait goes on until the snippet has ended. Nothing runs once the cell was stopped.
     */
    void run(Runnable body, Runnable onInterrupt) {
        if (cellStopped()) return;
        Job job = new Job(body);
        Thread runner;
        synchronized (lock) {
            runner = thread != null && thread.isAlive() ? thread : start();
            pending = job;
            lock.notifyAll();
        }
        boolean interrupted = false;
        synchronized (lock) {
            while (!job.done && runner.isAlive()) {
                try {
                    // timed: a thread stopped outside a job's body ends without saying so
                    lock.wait(100);
                } catch (InterruptedException e) {
                    interrupted = true;
                    onInterrupt.run();
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Marks the start of a cell: {@link #interruptSnippet} spares the threads that exist now. */
    void beginCell() {
        threadsBeforeCell = threadsOfGroup();
        cell++;
    }

    /** The cell that runs now, for {@link #interruptSnippet}. */
    long currentCell() {
        return cell;
    }

    private boolean cellStopped() {
        return stoppedCell == cell;
    }

    /** The thread runs no job after the one it runs now, if any; the next job starts a new thread. */
    void retire() {
        synchronized (lock) {
            thread = null;
            lock.notifyAll();
        }
    }

    /** The thread running a snippet now, or null between snippets. */
    Thread runningThread() {
        Job job = running;
        return job == null ? null : job.thread;
    }

    /**
     * Stops cell {@code stopped} (a {@link #currentCell}): interrupts the snippet that runs now and every thread started
     * in the group since the cell began, and a snippet of the cell that has not started yet does not run. Returns
     * false, doing nothing, when that cell has ended meanwhile (a stop that came late must not reach the next cell).
     */
    boolean interruptSnippet(long stopped) {
        if (stopped != cell) return false;
        stoppedCell = stopped;
        Set<Thread> before = threadsBeforeCell;
        for (Thread started : threadsOfGroup()) {
            if (!before.contains(started)) started.interrupt();
        }
        Job job = running;
        if (job != null && stopped == cell) job.thread.interrupt();
        return true;
    }

    private Thread start() {
        Thread started = new Thread(group, this::serve, "cell-" + (++threadNumber), stackBytes);
        started.setDaemon(true);
        started.setContextClassLoader(contextLoader);
        thread = started;
        started.start();
        return started;
    }

    @SuppressWarnings({"deprecation", "removal"})
    private void serve() {
        Thread self = Thread.currentThread();
        while (true) {
            try {
                Job job;
                synchronized (lock) {
                    while (pending == null || thread != self) {
                        if (thread != self) return;
                        lock.wait();
                    }
                    job = pending;
                    pending = null;
                }
                Thread.interrupted();
                job.thread = self;
                running = job;
                try {
                    // read after running is set, as interruptSnippet sets the flag before it reads running
                    if (!cellStopped()) job.body.run();
                } finally {
                    running = null;
                    synchronized (lock) {
                        job.done = true;
                        lock.notifyAll();
                    }
                }
            } catch (InterruptedException e) {
                // an interrupt meant for a snippet that had already ended
            } catch (ThreadDeath e) {
                // Thread.stop (JDK 17-19) struck outside the job's body: the thread was retired first, so it ends
            }
        }
    }

    private Set<Thread> threadsOfGroup() {
        Thread[] threads = new Thread[group.activeCount() + 8];
        int count = group.enumerate(threads);
        return new HashSet<>(Arrays.asList(threads).subList(0, count));
    }

    private static final class Job {
        final Runnable body;
        volatile Thread thread;
        boolean done;

        Job(Runnable body) {
            this.body = body;
        }
    }
}
