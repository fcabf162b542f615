package io.javagpu.kernel.protocol;

import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** JeroMQ's I/O threads of this very process end up under SCHED_BATCH, read back from /proc. */
class IoThreadSchedulingTest {
    private static final int SCHED_BATCH = 3;
    private static final Path TASKS = Path.of("/proc/self/task");

    /** The scheduling policy of each thread of this process whose name does or does not start with {@code prefix}. */
    private static List<Integer> policies(String prefix, boolean named) throws IOException {
        List<Integer> found = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).strip().startsWith(prefix) != named) continue;
                found.add(policyIn(Files.readString(task.resolve("stat"))));
            }
        }
        return found;
    }

    /** Field 41 of a /proc stat line: the scheduling policy. */
    private static int policyIn(String stat) {
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[38]);
    }

    private static boolean chrtRuns() {
        try {
            return new ProcessBuilder("chrt", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void jeromqsIoThreadsRunUnderTheBatchPolicyAndEveryOtherThreadKeepsItsPolicy() throws IOException {
        assumeTrue(Files.isDirectory(TASKS) && chrtRuns(), "Linux with util-linux's chrt");
        ZMQ.Context context = ZMQ.context(1);
        ZMQ.Socket socket = context.socket(SocketType.PUB);
        try {
            socket.bindToRandomPort("tcp://127.0.0.1");
            String prefix = IoThreadScheduling.IO_THREAD_PREFIX;
            assertFalse(policies(prefix, true).isEmpty(), "the context started its I/O thread");
            assertTrue(IoThreadScheduling.batchIoThreads() >= 1);
            for (int policy : policies(prefix, true)) assertEquals(SCHED_BATCH, policy);
            int processPolicy = policyIn(Files.readString(Path.of("/proc/self/stat")));
            for (int policy : policies(prefix, false)) assertEquals(processPolicy, policy, "every other thread keeps its policy");
        } finally {
            socket.close();
            context.close();
        }
    }
}
