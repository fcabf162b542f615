package io.javagpu.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kernel makes its class archive again when its process has not mapped it. Runs the real maps file, shell and
 * lock; the training is a stand-in command (the real one, a JVM, runs in tests/test_install.py).
 */
class ClassArchiveRefreshTest {
    private static final Path MAPS = Path.of("/proc/self/maps");

    @TempDir
    Path folder;

    private ClassArchiveRefresh refresh(Path archive, String trainingScript) {
        return new ClassArchiveRefresh(archive, List.of("sh", "-c", trainingScript, "sh", ClassArchiveRefresh.OUTPUT));
    }

    private Path archive(String content) throws IOException {
        return Files.writeString(folder.resolve("kernel.jsa"), content);
    }

    private static void finish(Process process) throws InterruptedException {
        assertNotNull(process, "a training was started");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    }

    @Test
    void aMappedArchiveIsFoundInTheMapsAlsoOnceReplaced() throws IOException {
        assumeTrue(Files.isReadable(MAPS), "Linux's /proc/self/maps");
        Path archive = archive("archived classes");
        ClassArchiveRefresh refresh = refresh(archive, "exit 0");
        assertFalse(refresh.isMapped(Files.readAllLines(MAPS)));
        try (FileChannel channel = FileChannel.open(archive, StandardOpenOption.READ)) {
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            assertEquals('a', mapped.get(0));
            assertTrue(refresh.isMapped(Files.readAllLines(MAPS)));
            assertNull(refresh.refreshIfUnmapped(MAPS, "vm-1"), "nothing to do for a mapped archive");
        }
        String replacedLine = "7f00-7f01 r--p 00000000 08:01 42 " + archive.toRealPath() + " (deleted)";
        assertTrue(refresh.isMapped(List.of(replacedLine)));
        assertFalse(refresh.isMapped(List.of(replacedLine.replace("kernel.jsa", "other.jsa"))));
    }

    @Test
    void anUnmappedArchiveIsTrainedAgainIntoANewFileThatReplacesIt() throws Exception {
        assumeTrue(Files.isReadable(MAPS), "Linux's /proc/self/maps");
        Path archive = archive("stale");
        ClassArchiveRefresh refresh = refresh(archive, "case \"$1\" in *kernel.new.jsa) printf fresh > \"$1\";; esac");
        assertEquals(folder.resolve("kernel.new.jsa"), refresh.newArchive());
        finish(refresh.refreshIfUnmapped(MAPS, "vm-1"));
        assertEquals("fresh", Files.readString(archive));
        assertEquals("vm-1", Files.readString(folder.resolve("kernel.jsa.tried")).strip());
        try (var left = Files.list(folder)) {
            assertEquals(Set.of(archive, folder.resolve("kernel.jsa.tried")), left.collect(Collectors.toSet()),
                    "no lock or new file left");
        }
        assertNull(refresh.refreshIfUnmapped(MAPS, "vm-1"),
                "a JVM that still does not map the archive made for it trains no more (its options differ)");
    }

    /** A missing archive (deleted, or never made) counts as unmapped too. */
    @Test
    void aMissingArchiveIsMade() throws Exception {
        assumeTrue(Files.isReadable(MAPS), "Linux's /proc/self/maps");
        Path archive = folder.resolve("kernel.aot");
        ClassArchiveRefresh refresh = refresh(archive, "printf fresh > \"$1\"");
        assertEquals(folder.resolve("kernel.new.aot"), refresh.newArchive());
        finish(refresh.refreshIfUnmapped(MAPS, "vm-1"));
        assertEquals("fresh", Files.readString(archive));
    }

    @Test
    void aFailedTrainingKeepsTheArchiveAndEachJvmBuildHasOneTry() throws Exception {
        assumeTrue(Files.isReadable(MAPS), "Linux's /proc/self/maps");
        Path archive = archive("stale");
        ClassArchiveRefresh failing = refresh(archive, "printf half > \"$1\"; exit 3");
        finish(failing.refreshIfUnmapped(MAPS, "vm-1"));
        assertEquals("stale", Files.readString(archive));
        assertEquals("vm-1", Files.readString(folder.resolve("kernel.jsa.tried")).strip());
        assertFalse(Files.exists(failing.newArchive()), "the half-written file is removed");
        assertNull(failing.refreshIfUnmapped(MAPS, "vm-1"));

        ClassArchiveRefresh empty = refresh(archive, "exit 0");
        finish(empty.refreshIfUnmapped(MAPS, "vm-2"));
        assertEquals("stale", Files.readString(archive), "a training that writes nothing replaces nothing");

        finish(refresh(archive, "printf fresh > \"$1\"").refreshIfUnmapped(MAPS, "vm-3"));
        assertEquals("fresh", Files.readString(archive));
        assertEquals("vm-3", Files.readString(folder.resolve("kernel.jsa.tried")).strip());
    }

    /** A training killed (the machine shut down) leaves no try recorded: a later kernel tries again. */
    @Test
    void aKilledTrainingIsTriedAgain() throws Exception {
        assumeTrue(Files.isReadable(MAPS), "Linux's /proc/self/maps");
        Path archive = archive("stale");
        ClassArchiveRefresh slow = refresh(archive, "printf half > \"$1\"; sleep 60");
        Process training = slow.refreshIfUnmapped(MAPS, "vm-1");
        assertNotNull(training);
        Path lock = folder.resolve("kernel.jsa.lock");
        for (int i = 0; i < 200 && !Files.exists(slow.newArchive()); i++) Thread.sleep(50);
        assertTrue(Files.exists(slow.newArchive()), "the training was under way");
        List<ProcessHandle> below = training.descendants().toList();
        training.destroy();
        below.forEach(ProcessHandle::destroy);
        assertTrue(training.waitFor(30, TimeUnit.SECONDS));
        assertEquals("stale", Files.readString(archive));
        assertFalse(Files.exists(folder.resolve("kernel.jsa.tried")));
        assertFalse(Files.exists(lock), "the lock goes with the script");
        finish(refresh(archive, "printf fresh > \"$1\"").refreshIfUnmapped(MAPS, "vm-1"));
        assertEquals("fresh", Files.readString(archive));
    }

    @Test
    void oneKernelAtATimeTrainsAndAnAbandonedLockIsTakenOver() throws Exception {
        assumeTrue(Files.isReadable(MAPS), "Linux's /proc/self/maps");
        Path archive = archive("stale");
        Path lock = Files.writeString(folder.resolve("kernel.jsa.lock"), "12345");
        ClassArchiveRefresh refresh = refresh(archive, "printf fresh > \"$1\"");
        assertNull(refresh.refreshIfUnmapped(MAPS, "vm-1"), "another kernel holds the lock");
        // two kernels that both found no lock: the script's own lock lets one train
        finish(new ProcessBuilder(refresh.command("vm-1")).start());
        assertEquals("stale", Files.readString(archive));
        assertEquals("12345", Files.readString(lock), "the lock stays its holder's");

        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(ClassArchiveRefresh.ABANDONED).minusSeconds(60)));
        finish(refresh.refreshIfUnmapped(MAPS, "vm-1"));
        assertEquals("fresh", Files.readString(archive));
        assertFalse(Files.exists(lock));
    }

    @Test
    void thePlanNamesTheArchiveAndWhereTheTrainingWrites() throws IOException {
        Path plan = Files.writeString(folder.resolve("class-archive.json"),
                "{\"archive\": \"/k/kernel.aot\", \"train\": [\"java\", \"-XX:AOTCacheOutput={output}\", \"-jar\", \"k.jar\", \"--train\"]}");
        ClassArchiveRefresh refresh = ClassArchiveRefresh.read(plan);
        List<String> command = refresh.command("vm-1");
        assertEquals(List.of("java", "-XX:AOTCacheOutput=/k/kernel.new.aot", "-jar", "k.jar", "--train"),
                command.subList(command.size() - 5, command.size()));
        assertTrue(command.containsAll(List.of("/k/kernel.aot.lock", "/k/kernel.new.aot", "/k/kernel.aot", "/k/kernel.aot.tried", "vm-1")));

        Path noOutput = Files.writeString(folder.resolve("bad.json"), "{\"archive\": \"/k/kernel.aot\", \"train\": [\"java\"]}");
        assertThrows(IOException.class, () -> ClassArchiveRefresh.read(noOutput));
        Path noArchive = Files.writeString(folder.resolve("bad2.json"), "{\"train\": [\"{output}\"]}");
        assertThrows(IOException.class, () -> ClassArchiveRefresh.read(noArchive));
    }
}
