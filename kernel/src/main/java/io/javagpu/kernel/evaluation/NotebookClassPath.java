package io.javagpu.kernel.evaluation;

import io.javagpu.kernel.logging.KernelLog;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The class path notebook code compiles against. JShell hands javac the JVM's own class path, for the kernel its jar,
 * and javac reads every entry of a class-path jar in its first pass. Most of the kernel's jar is the libraries it
 * relocated under {@code io.javagpu.shaded} (ZeroMQ, Jackson, Maven's resolver: 4,000 of 5,600 entries), which no
 * notebook should compile against. install.py writes the jar's classes without them and names that jar with
 * {@value #PROPERTY}; class paths going to javac then carry it where they carried the kernel's jar. Cells still run
 * against the whole jar, whose classes are the same.
 */
final class NotebookClassPath implements UnaryOperator<String> {
    static final String PROPERTY = "java.gpu.notebookClassPath";
    private static final NotebookClassPath UNCHANGED = new NotebookClassPath(null, null);

    private final Path kernelJar;
    private final String notebookJar;

    NotebookClassPath(Path kernelJar, Path notebookJar) {
        this.kernelJar = kernelJar == null ? null : normalized(kernelJar.toString());
        this.notebookJar = notebookJar == null ? null : notebookJar.toString();
    }

    /** The kernel's jar replaced by the jar {@value #PROPERTY} names; unchanged when it names none or a missing file. */
    static NotebookClassPath fromSystem() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) return UNCHANGED;
        Path notebookJar = Path.of(configured);
        Path kernelJar = kernelJar();
        if (!Files.isRegularFile(notebookJar) || kernelJar == null) {
            KernelLog.warn(PROPERTY + " names " + configured + ", which is missing or has no kernel jar to stand for;"
                    + " notebooks compile against the kernel's whole jar");
            return UNCHANGED;
        }
        return new NotebookClassPath(kernelJar, notebookJar);
    }

    private static Path kernelJar() {
        CodeSource source = NotebookClassPath.class.getProtectionDomain().getCodeSource();
        if (source == null) return null;
        try {
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) ? location : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String apply(String classPath) {
        if (kernelJar == null || classPath == null) return classPath;
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator, -1)) {
            entries.add(!entry.isEmpty() && kernelJar.equals(normalized(entry)) ? notebookJar : entry);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Path normalized(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
