package io.javagpu.kernel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layering rules of the kernel's sources, read from the sources themselves. */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java/io/javagpu/kernel");

    private static List<String> violations(Path folder, String forbidden) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.contains(forbidden)) found.add(SOURCES.relativize(file) + ": " + line.strip());
                }
            }
        }
        return found;
    }

    @Test
    void theSourcesAreWhereTheTestLooks() {
        assertTrue(Files.isDirectory(SOURCES.resolve("evaluation")), "run from the kernel module's folder");
    }

    @Test
    void theKernelUsesNothingOfTheGpuLibrary() throws IOException {
        assertEquals(List.of(), violations(SOURCES, "io.javagpu.gpu"));
    }

    @Test
    void evaluationUsesNothingOfTheProtocol() throws IOException {
        assertEquals(List.of(), violations(SOURCES.resolve("evaluation"), "io.javagpu.kernel.protocol"));
    }

    @Test
    void onlyTheEvaluationPackageUsesJShell() throws IOException {
        List<String> outside = new ArrayList<>();
        try (Stream<Path> folders = Files.list(SOURCES)) {
            for (Path folder : folders.filter(f -> !f.endsWith("evaluation")).toList()) {
                outside.addAll(Files.isDirectory(folder) ? violations(folder, "import jdk.jshell")
                        : Files.readString(folder).contains("import jdk.jshell") ? List.of(folder.toString()) : List.of());
            }
        }
        assertEquals(List.of(), outside);
    }
}
