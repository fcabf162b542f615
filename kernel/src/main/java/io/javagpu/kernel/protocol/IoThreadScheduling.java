package io.javagpu.kernel.protocol;

import io.javagpu.kernel.logging.KernelLog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Puts JeroMQ's I/O threads under Linux's batch scheduling policy ({@code SCHED_BATCH}), so that a thread that wakes
 * one by sending a message is not preempted by it.
 * <p>
 * A sending thread writes a byte into the I/O thread's wake-up pipe and only then counts the signal. Woken on the
 * sender's core, the I/O thread preempted the sender between the two, found no counted signal, and polled the
 * still-readable pipe again at once until the sender got the core back: 900-2,000 {@code epoll_wait} calls per
 * trivial cell, most of the I/O thread's ~1 ms of CPU per cell. A batch thread does not preempt on wake-up.
 * <p>
 * Done with util-linux's {@code chrt}, which may lower a thread of one's own process without privileges. Where
 * there is no {@code /proc/self/task} or no {@code chrt}, nothing changes.
 */
final class IoThreadScheduling {
    static final String IO_THREAD_PREFIX = "iothread-";
    private static final Path TASKS = Path.of("/proc/self/task");

    private IoThreadScheduling() {
    }

    /** Moves every JeroMQ I/O thread of this process to the batch policy; the count of threads moved. */
    static int batchIoThreads() {
        if (!Files.isDirectory(TASKS)) return 0;
        int moved = 0;
        try {
            for (String thread : ioThreads()) {
                if (batch(thread)) moved++;
            }
        } catch (IOException | RuntimeException e) {
            KernelLog.debug("JeroMQ's I/O threads keep their scheduling policy: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return moved;
    }

    private static List<String> ioThreads() throws IOException {
        try (Stream<Path> tasks = Files.list(TASKS)) {
            return tasks.filter(task -> name(task).startsWith(IO_THREAD_PREFIX))
                    .map(task -> task.getFileName().toString()).toList();
        }
    }

    private static String name(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException ended) {
            return "";
        }
    }

    private static boolean batch(String threadId) throws IOException, InterruptedException {
        Process chrt = new ProcessBuilder("chrt", "--batch", "--pid", "0", threadId)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!chrt.waitFor(5, TimeUnit.SECONDS)) {
            chrt.destroyForcibly();
            return false;
        }
        return chrt.exitValue() == 0;
    }
}
