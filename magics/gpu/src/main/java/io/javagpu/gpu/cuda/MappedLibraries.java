package io.javagpu.gpu.cuda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the dynamic linker found a library this process loaded (Linux: /proc/self/maps). */
final class MappedLibraries {
    private MappedLibraries() {
    }

    /** The path of the first mapped file whose name starts with {@code prefix} ("libcuda.so"), or null. */
    static String pathOf(String prefix) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/maps"));
            for (String line : lines) {
                int slash = line.indexOf('/');
                if (slash < 0) continue;
                String path = line.substring(slash).trim();
                if (Path.of(path).getFileName().toString().startsWith(prefix)) return path;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
