package io.javagpu.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import io.javagpu.kernel.logging.KernelLog;
import io.javagpu.kernel.protocol.JsonFrames;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the kernel's class archive again (install.py's AppCDS archive, or its AOT cache on JDK 25+) when this JVM did
 * not map it. An archive belongs to one JDK build: after a JDK update the JVM refuses it, says so in the server's log
 * at most (JDK 17 not even there, at the log levels kernel.json sets), and every start loads and verifies the kernel's
 * classes again (launch to first result ~0.4 s later, measured on 2 cores).
 *
 * <p>install.py writes how it trained the archive into a plan ({@code class-archive.json}, named by
 * {@code -Djava.gpu.classArchive}): the archive's path and the training command, whose {@code {output}} names the
 * file to write. A kernel whose process has not mapped the archive ({@code /proc/self/maps}) runs that training a
 * while after its start, in a session of its own under Linux's idle scheduling (only CPU nothing else wants), into a
 * new file that replaces the archive once complete: the next start maps it, and a JVM that has the old one mapped
 * keeps it. A lock file lets one kernel at a time do it, and each JVM build gets one try: a JVM that still refuses the
 * archive (kernel.json's options changed since its training, or the training failed) gets a line in the log instead of
 * a training at every start. Where the archive's folder is not writable, the log says to run install.py again.
 */
final class ClassArchiveRefresh {
    static final String PROPERTY = "java.gpu.classArchive";
    static final String OUTPUT = "{output}";
    /**
     * After the start (a first result comes within a second), yet within the life of a kernel that runs one notebook
     * unattended (nbclient, a few seconds): the training outlives the kernel.
     */
    static final Duration DELAY = Duration.ofSeconds(3);
    /** A lock this old is left from a training that was killed. */
    static final Duration ABANDONED = Duration.ofMinutes(15);
    /**
     * Takes the lock, trains into the new file and moves it over the archive, then records that this JVM build had its
     * try (not when killed: a later kernel tries again).
     */
    private static final String SCRIPT = """
            lock=$1 out=$2 archive=$3 tried=$4 vm=$5; shift 5
            (set -C; echo $$ > "$lock") 2>/dev/null || exit 0
            trap 'rm -f "$out" "$lock"' EXIT
            trap 'exit 1' HUP INT TERM
            rm -f "$out"
            if "$@" >/dev/null 2>&1 && [ -s "$out" ]; then mv -f "$out" "$archive"; fi
            printf '%s\\n' "$vm" > "$tried"
            """;

    private final Path archive;
    private final List<String> training;

    ClassArchiveRefresh(Path archive, List<String> training) {
        this.archive = archive;
        this.training = List.copyOf(training);
    }

    /** The plan install.py wrote. */
    static ClassArchiveRefresh read(Path plan) throws IOException {
        JsonNode json = JsonFrames.read(Files.readAllBytes(plan));
        if (json == null) throw new IOException(plan + " is empty");
        List<String> training = new ArrayList<>();
        json.path("train").forEach(word -> training.add(word.asText()));
        if (!json.path("archive").isTextual() || training.stream().noneMatch(word -> word.contains(OUTPUT))) {
            throw new IOException(plan + " names no archive or no " + OUTPUT + " in its training command");
        }
        return new ClassArchiveRefresh(Path.of(json.path("archive").asText()), training);
    }

    /** From {@link Main}: checks this process's maps after {@link #DELAY}, on a daemon thread, when a plan is given. */
    static void scheduleIfStale() {
        String plan = System.getProperty(PROPERTY);
        if (plan == null) return;
        Thread check = new Thread(() -> {
            try {
                Thread.sleep(DELAY.toMillis());
                read(Path.of(plan)).refreshIfUnmapped(Path.of("/proc/self/maps"), System.getProperty("java.vm.version"));
            } catch (IOException | RuntimeException e) {
                KernelLog.warn("class archive not checked: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "class-archive-check");
        check.setDaemon(true);
        check.start();
    }

    /**
     * Starts the training when {@code maps} (a {@code /proc/PID/maps}) does not map the archive; the process started,
     * or null when none was needed or possible.
     */
    Process refreshIfUnmapped(Path maps, String vm) throws IOException {
        if (!Files.isReadable(maps) || isMapped(Files.readAllLines(maps))) return null;
        Path folder = archive.toAbsolutePath().getParent();
        if (!Files.isWritable(folder)) {
            KernelLog.warn(unused(vm) + ", and its folder is not writable: kernel starts are slower until install.py is"
                    + " run again");
            return null;
        }
        if (vm.equals(readOrNull(sibling(".tried")))) {
            KernelLog.warn(unused(vm) + ", made again for it already: kernel.json's JVM options may differ from those of"
                    + " its training (" + PROPERTY + ")");
            return null;
        }
        Path lock = sibling(".lock");
        if (Files.exists(lock)) {
            if (Files.getLastModifiedTime(lock).toInstant().isAfter(Instant.now().minus(ABANDONED))) {
                KernelLog.debug("class archive " + archive + " not used; another kernel is making it");
                return null;
            }
            Files.deleteIfExists(lock);
        }
        KernelLog.warn(unused(vm) + "; making it again in the background for the next starts");
        ProcessBuilder training = new ProcessBuilder(command(vm)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // as install.py trains: not with this notebook's class path, startup scripts or binding from kernel.json
        training.environment().keySet().removeIf(name -> name.startsWith("JAVA_GPU_"));
        return training.start();
    }

    private String unused(String vm) {
        return "this JVM (" + vm + ") did not use the kernel's class archive " + archive;
    }

    /** Whether these lines of a maps file map the archive (also after another kernel replaced it). */
    boolean isMapped(List<String> mapsLines) throws IOException {
        Path folder = archive.toAbsolutePath().getParent().toRealPath();
        String path = folder.resolve(archive.getFileName()).toString();
        for (String line : mapsLines) {
            String mapped = line.endsWith(" (deleted)") ? line.substring(0, line.length() - " (deleted)".length()) : line;
            if (mapped.endsWith(" " + path)) return true;
        }
        return false;
    }

    /** The training in a script that holds the lock, started in a session of its own at idle priority where possible. */
    List<String> command(String vm) {
        List<String> command = new ArrayList<>();
        if (onPath("setsid")) command.add("setsid");
        if (onPath("chrt")) {
            command.addAll(List.of("chrt", "--idle", "0"));
        } else if (onPath("nice")) {
            command.addAll(List.of("nice", "-n", "19"));
        }
        String output = newArchive().toString();
        command.addAll(List.of("sh", "-c", SCRIPT, "sh", sibling(".lock").toString(), output, archive.toString(),
                sibling(".tried").toString(), vm));
        for (String word : training) command.add(word.replace(OUTPUT, output));
        return command;
    }

    /** Where the training writes, beside the archive and with its extension: kernel.jsa -> kernel.new.jsa. */
    Path newArchive() {
        String name = archive.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return archive.resolveSibling(dot < 0 ? name + ".new" : name.substring(0, dot) + ".new" + name.substring(dot));
    }

    private Path sibling(String suffix) {
        return archive.resolveSibling(archive.getFileName() + suffix);
    }

    private static String readOrNull(Path file) throws IOException {
        try {
            return Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String folder : path.split(File.pathSeparator)) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) return true;
        }
        return false;
    }
}
