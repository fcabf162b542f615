package io.javagpu.magics.builtin;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Writes small real jars for tests, optionally with classes compiled from source. */
final class TestJars {
    private TestJars() {
    }

    /** A jar with just a manifest. */
    static Path empty(Path jar) throws IOException {
        return withClasses(jar, null);
    }

    /** Compiles {@code sources} (class name to source) with {@code classpath} and jars the classes. */
    static Path compiled(Path jar, Map<String, String> sources, Path... classpath) throws IOException {
        Path work = Files.createTempDirectory("testjar");
        try {
            return compiledIn(work, jar, sources, classpath);
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(path);
            }
        }
    }

    private static Path compiledIn(Path work, Path jar, Map<String, String> sources, Path... classpath) throws IOException {
        Path src = work.resolve("src");
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        String[] args = new String[sources.size() + 4];
        int i = 0;
        args[i++] = "-d";
        args[i++] = classes.toString();
        args[i++] = "-cp";
        args[i++] = classpath.length == 0 ? "" : String.join(java.io.File.pathSeparator, Stream.of(classpath).map(Path::toString).toList());
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args[i++] = file.toString();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, args) != 0) throw new IllegalStateException("test sources did not compile");
        return withClasses(jar, classes);
    }

    private static Path withClasses(Path jar, Path classes) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            if (classes != null) {
                try (Stream<Path> walk = Files.walk(classes)) {
                    for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                        out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                        out.write(Files.readAllBytes(path));
                        out.closeEntry();
                    }
                }
            }
        }
        return jar;
    }
}
