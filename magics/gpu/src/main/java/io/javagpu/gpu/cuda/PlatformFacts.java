package io.javagpu.gpu.cuda;

import io.javagpu.gpu.ProbeFacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The JVM and OS facts the diagnosis needs: WSL2, and whether java.io.tmpdir is mounted noexec. */
public final class PlatformFacts {
    private PlatformFacts() {
    }

    public static ProbeFacts.Platform read() {
        String tmp = System.getProperty("java.io.tmpdir", "/tmp");
        boolean noexec = false;
        try {
            noexec = isNoexec(Files.readAllLines(Path.of("/proc/self/mountinfo")), Path.of(tmp).toRealPath());
        } catch (IOException | RuntimeException e) {
            // not Linux, or the folder does not exist: nothing known
        }
        return new ProbeFacts.Platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                System.getProperty("java.version", ""), System.getProperty("java.vendor", ""), Runtime.version().feature(),
                isWsl(), noexec, tmp);
    }

    private static boolean isWsl() {
        try {
            if (Files.isDirectory(Path.of("/usr/lib/wsl/lib"))) return true;
            return Files.readString(Path.of("/proc/version")).toLowerCase(Locale.ROOT).contains("microsoft");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether {@code dir} lies on a mount with the noexec option: the mount with the longest mount point containing
     * it decides (mountinfo fields: id, parent, dev, root, mount point, mount options, ...).
     */
    static boolean isNoexec(List<String> mountinfo, Path dir) {
        String best = null;
        boolean noexec = false;
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            if (f.length < 6) continue;
            String point = f[4].replace("\\040", " ");
            if (!dir.startsWith(point)) continue;
            if (best == null || point.length() >= best.length()) {
                best = point;
                noexec = List.of(f[5].split(",")).contains("noexec");
            }
        }
        return noexec;
    }
}
