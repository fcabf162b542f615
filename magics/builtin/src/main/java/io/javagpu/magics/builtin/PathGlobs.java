package io.javagpu.magics.builtin;

import io.javagpu.magics.MagicException;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands file patterns like a shell does: {@code lib/*.jar}, {@code ~/libs/**.jar}, {@code build/{a,b}/classes}.
 * Relative patterns are resolved against a base folder; a leading {@code ~/} means the user's home.
 */
final class PathGlobs {
    private PathGlobs() {
    }

    /** The paths matching {@code pattern}, sorted; a pattern without glob characters must name an existing path. */
    static List<Path> expand(Path base, String pattern) throws MagicException {
        String expanded = expandHome(pattern);
        if (!hasGlob(expanded)) {
            Path path = base.resolve(expanded).normalize();
            if (!Files.exists(path)) throw new MagicException("No such file or folder: " + pattern + " (looked for " + path + ")");
            return List.of(path);
        }
        Path root = base.resolve(literalPrefix(expanded)).normalize();
        // Match against absolute paths so that "..", "~" and absolute patterns all behave the same.
        String absolutePattern = base.resolve(expanded).normalize().toString().replace("\\", "\\\\");
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absolutePattern);
        List<Path> matches = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(path -> !path.equals(root) && matcher.matches(path)).sorted().forEach(matches::add);
            } catch (IOException e) {
                throw new MagicException("Cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        if (matches.isEmpty()) throw new MagicException("No files match " + pattern + " (searched under " + root + ")");
        return matches;
    }

    static String expandHome(String pattern) {
        if (pattern.equals("~")) return System.getProperty("user.home");
        if (pattern.startsWith("~/")) return System.getProperty("user.home") + pattern.substring(1);
        return pattern;
    }

    static boolean hasGlob(String pattern) {
        return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** The folders before the first path element that holds a glob character ("" for none). */
    private static String literalPrefix(String pattern) {
        int glob = 0;
        while (glob < pattern.length() && "*?[{".indexOf(pattern.charAt(glob)) < 0) glob++;
        int slash = pattern.lastIndexOf('/', glob);
        if (slash < 0) return "";
        return slash == 0 ? "/" : pattern.substring(0, slash);
    }
}
