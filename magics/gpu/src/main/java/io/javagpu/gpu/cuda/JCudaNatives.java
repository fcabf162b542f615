package io.javagpu.gpu.cuda;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * JCuda's native libraries, found on java.library.path before any JCuda class is touched. JCuda's LibUtils first
 * tries System.loadLibrary and otherwise extracts into java.io.tmpdir under a fixed name that it reuses unchecked, a
 * file any local user could have planted; so the kernel never lets it get that far. install.py extracts the natives
 * into the kernelspec folder and passes {@code -Djava.library.path}; outside an installed kernel
 * ({@code scripts/gpu-smoke.sh}) {@link #main} extracts them into a private per-user folder named by their content
 * hash and prints it.
 */
public final class JCudaNatives {
    public static final String VERSION = io.javagpu.magics.Version.JCUDA;
    /** The libraries the kernel itself needs (JCudaDriver only to save and restore the current context). */
    static final List<String> NEEDED = List.of("JCudaRuntime", "JCudaDriver", "JCublas2");

    private JCudaNatives() {
    }

    /** "linux-x86_64", "windows-x86_64", or null where JCuda ships no natives. */
    public static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!arch.equals("amd64") && !arch.equals("x86_64")) return null;
        if (os.contains("win")) return "windows-x86_64";
        if (os.contains("linux")) return "linux-x86_64";
        return null;
    }

    /** "libJCudaRuntime-12.6.0-linux-x86_64.so" */
    public static String fileName(String base, String platform) {
        String name = base + "-" + VERSION + "-" + platform;
        return platform.startsWith("windows") ? name + ".dll" : "lib" + name + ".so";
    }

    /** The file of {@code base} in a java.library.path entry, or null. */
    static Path onLibraryPath(String base) {
        String platform = platform();
        if (platform == null) return null;
        String path = System.getProperty("java.library.path", "");
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isBlank()) continue;
            Path file = Path.of(entry, fileName(base, platform));
            if (Files.isRegularFile(file)) return file;
        }
        return null;
    }

    /** Null when every needed library is on java.library.path, else why not. */
    static String whyNotOnLibraryPath() {
        String platform = platform();
        if (platform == null) {
            return "JCuda " + VERSION + " has natives for linux-x86_64 and windows-x86_64 only, not " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch");
        }
        List<String> missing = new ArrayList<>();
        for (String base : NEEDED) if (onLibraryPath(base) == null) missing.add(fileName(base, platform));
        if (missing.isEmpty()) return null;
        return String.join(", ", missing) + " not on java.library.path (" + System.getProperty("java.library.path", "")
                + "); the kernel does not let JCuda extract them into java.io.tmpdir: reinstall the kernel with install.py,"
                + " or pass -Djava.library.path=$(java -cp java-gpu-kernel.jar io.javagpu.gpu.cuda.JCudaNatives)";
    }

    /** The private folder for natives whose content hashes to {@code hash}: $XDG_CACHE_HOME or ~/.cache. */
    static Path cacheFolder(String xdgCacheHome, String userHome, String hash) {
        Path base = xdgCacheHome != null && !xdgCacheHome.isBlank() ? Path.of(xdgCacheHome) : Path.of(userHome, ".cache");
        return base.resolve("java-gpu-kernel").resolve("natives").resolve(hash);
    }

    /** First 16 hex digits of SHA-256 over the names and contents of {@code entries}, in order. */
    static String hash(List<String> names, List<byte[]> contents) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < names.size(); i++) {
                sha.update(names.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(contents.get(i));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Extracts this platform's natives from the class path into their per-user folder (mode 0700) and returns it. */
    public static Path extract() throws IOException {
        String platform = platform();
        if (platform == null) throw new IOException("JCuda has no natives for this platform");
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (String base : List.of("JCudaRuntime", "JCudaDriver", "JCublas2", "JCublas", "JNvrtc")) {
            String name = fileName(base, platform);
            try (InputStream in = JCudaNatives.class.getResourceAsStream("/lib/" + name)) {
                if (in == null) continue;
                names.add(name);
                contents.add(in.readAllBytes());
            }
        }
        if (!names.containsAll(NEEDED.stream().map(b -> fileName(b, platform)).toList())) {
            throw new IOException("the class path lacks JCuda's natives (" + names + ")");
        }
        Path folder = cacheFolder(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"), hash(names, contents));
        Files.createDirectories(folder);
        if (!platform.startsWith("windows")) Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        for (int i = 0; i < names.size(); i++) {
            Path target = folder.resolve(names.get(i));
            if (Files.isRegularFile(target) && Files.size(target) == contents.get(i).length) continue;
            Path temp = Files.createTempFile(folder, names.get(i), ".part");
            Files.write(temp, contents.get(i));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return folder;
    }

    /** Prints the folder to pass as -Djava.library.path. */
    public static void main(String[] args) {
        try {
            System.out.println(extract());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("cannot extract JCuda's natives: " + e.getMessage());
            System.exit(1);
        }
    }
}
