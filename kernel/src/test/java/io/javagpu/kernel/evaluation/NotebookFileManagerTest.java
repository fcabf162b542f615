package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The class-path index survives javac's per-task option; the class path itself still follows the notebook, with the
 * kernel's jar replaced by the notebook's; the JDK's class files are named as javac names them.
 */
class NotebookFileManagerTest {

    /**
     * The standard file manager, with every option that reaches it recorded in {@code seen}: its name, and its value
     * when it is a class path.
     */
    private static StandardJavaFileManager recording(StandardJavaFileManager standard, List<String> seen) {
        InvocationHandler forward = (proxy, method, args) -> {
            if (method.getName().equals("handleOption")) {
                String option = (String) args[0];
                if (!option.contains("class")) {
                    seen.add(option);
                } else {
                    // the value is consumed here, so the standard manager is handed a fresh iterator over it
                    String value = ((Iterator<?>) args[1]).next().toString();
                    seen.add(option + " " + value);
                    args = new Object[] {option, List.of(value).iterator()};
                }
            }
            try {
                return method.invoke(standard, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (StandardJavaFileManager) Proxy.newProxyInstance(StandardJavaFileManager.class.getClassLoader(),
                new Class<?>[] {StandardJavaFileManager.class}, forward);
    }

    @Test
    void anUnchangedMultiReleaseValueStopsHereAndEverythingElseGoesThrough() throws IOException {
        try (StandardJavaFileManager standard = ToolProvider.getSystemJavaCompiler().getStandardFileManager(null, null, null)) {
            List<String> seen = new ArrayList<>();
            NotebookFileManager manager = new NotebookFileManager(recording(standard, seen), UnaryOperator.identity());
            String release = String.valueOf(Runtime.version().feature());
            String tmp = System.getProperty("java.io.tmpdir");
            assertTrue(manager.handleOption("--multi-release", List.of(release).iterator()));
            assertTrue(manager.handleOption("--multi-release", List.of(release).iterator()));
            assertTrue(manager.handleOption("--class-path", List.of(tmp).iterator()));
            assertTrue(manager.handleOption("--multi-release", List.of(release).iterator()));
            assertTrue(manager.handleOption("--multi-release", List.of("17".equals(release) ? "21" : "17").iterator()));
            assertEquals(List.of("--multi-release", "--class-path " + tmp, "--multi-release"), seen);
        }
    }

    @Test
    void classPathsReachJavacWithTheKernelJarReplaced(@TempDir Path temp) throws IOException {
        Path kernelJar = emptyJar(temp.resolve("kernel.jar"));
        Path notebookJar = emptyJar(temp.resolve("notebook.jar"));
        Path added = Files.createDirectories(temp.resolve("added"));
        NotebookClassPath notebook = new NotebookClassPath(kernelJar, notebookJar);
        String jvm = System.getProperty("java.class.path");
        try (StandardJavaFileManager standard = ToolProvider.getSystemJavaCompiler().getStandardFileManager(null, null, null)) {
            List<String> seen = new ArrayList<>();
            // the JVM's class path (JShell's first) holds no kernel jar here: javac keeps its own default
            NotebookFileManager manager = new NotebookFileManager(recording(standard, seen), notebook);
            assertEquals(List.of(), seen);
            // as %classpath adds to it: JShell hands javac the JVM's class path and what was added
            String withKernel = String.join(File.pathSeparator, jvm, temp.resolve("x/../kernel.jar").toString(), added.toString());
            assertTrue(manager.handleOption("-classpath", List.of(withKernel).iterator()));
            String expected = String.join(File.pathSeparator, jvm, notebookJar.toString(), added.toString());
            assertEquals(List.of("-classpath " + expected), seen);
            List<Path> used = new ArrayList<>();
            manager.getLocationAsPaths(StandardLocation.CLASS_PATH).forEach(used::add);
            assertTrue(used.contains(notebookJar) && used.contains(added) && !used.contains(kernelJar), used.toString());
        }
    }

    @Test
    void onlyTheKernelJarIsReplaced(@TempDir Path temp) {
        Path kernelJar = temp.resolve("k.jar");
        NotebookClassPath notebook = new NotebookClassPath(kernelJar, temp.resolve("n.jar"));
        String sep = File.pathSeparator;
        assertEquals("a.jar" + sep + temp.resolve("n.jar") + sep + sep + "b",
                notebook.apply("a.jar" + sep + kernelJar + sep + sep + "b"));
        assertEquals(temp.resolve("k.jar.bak").toString(), notebook.apply(temp.resolve("k.jar.bak").toString()));
        assertEquals("x", new NotebookClassPath(null, null).apply("x"));
    }

    @Test
    void jarsAndClassFoldersAddedOrFilledBetweenCellsAreSeen(@TempDir Path temp) throws Exception {
        try (JShellEvaluator evaluator = new JShellEvaluator()) {
            for (int i = 0; i < 3; i++) evaluator.evaluate("1 + " + i, 0);
            Path classes = Files.createDirectories(temp.resolve("classes"));
            evaluator.addToClasspath(classes.toString());
            assertEquals("3", evaluator.evaluate("1 + 2", 0).orElseThrow().text());
            // a class compiled into the folder after JShell's passes listed it
            compile(temp, "pkg.Later", "package pkg; public class Later { public static int seven() { return 7; } }", classes);
            assertEquals("7", evaluator.evaluate("pkg.Later.seven()", 0).orElseThrow().text());
            Path other = Files.createDirectories(temp.resolve("other"));
            compile(temp, "more.Eight", "package more; public class Eight { public static int value() { return 8; } }", other);
            assertTrue(evaluationFails(evaluator, "more.Eight.value()"));
            evaluator.addToClasspath(other.toString());
            assertEquals("8", evaluator.evaluate("more.Eight.value()", 0).orElseThrow().text());
        }
    }

    @Test
    void theJdksClassFilesAreNamedAsJavacNamesThem(@TempDir Path temp) throws IOException {
        try (StandardJavaFileManager standard = ToolProvider.getSystemJavaCompiler().getStandardFileManager(null, null, null)) {
            List<String> reached = new ArrayList<>();
            NotebookFileManager manager = new NotebookFileManager(naming(standard, reached), UnaryOperator.identity());
            int classFiles = 0;
            List<String> otherFiles = new ArrayList<>();
            for (Set<JavaFileManager.Location> locations : standard.listLocationsForModules(StandardLocation.SYSTEM_MODULES)) {
                for (JavaFileManager.Location module : locations) {
                    if (!List.of("java.base", "jdk.compiler", "jdk.jshell").contains(standard.inferModuleName(module))) continue;
                    for (JavaFileObject file : standard.list(module, "", EnumSet.allOf(JavaFileObject.Kind.class), true)) {
                        String javacName = standard.inferBinaryName(module, file);
                        assertEquals(javacName, manager.inferBinaryName(module, file));
                        if (file.getKind() == JavaFileObject.Kind.CLASS) classFiles++;
                        else otherFiles.add(javacName);
                    }
                }
            }
            assertTrue(classFiles > 3000, "class files named: " + classFiles);
            assertEquals(otherFiles, reached, "only the JDK's other files are named by javac");
            reached.clear();

            // a class on the class path: javac names it, as before
            Path classes = Files.createDirectories(temp.resolve("classes"));
            compile(temp, "pkg.Named", "package pkg; public class Named {}", classes);
            standard.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of(classes));
            JavaFileObject onClassPath = manager.list(StandardLocation.CLASS_PATH, "pkg",
                    EnumSet.of(JavaFileObject.Kind.CLASS), false).iterator().next();
            assertEquals("pkg.Named", manager.inferBinaryName(StandardLocation.CLASS_PATH, onClassPath));
            assertEquals(List.of("pkg.Named"), reached);
        }
    }

    /** The standard file manager, with each name it gives for a file recorded in {@code reached}. */
    private static StandardJavaFileManager naming(StandardJavaFileManager standard, List<String> reached) {
        InvocationHandler forward = (proxy, method, args) -> {
            try {
                Object result = method.invoke(standard, args);
                if (method.getName().equals("inferBinaryName")) reached.add((String) result);
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (StandardJavaFileManager) Proxy.newProxyInstance(StandardJavaFileManager.class.getClassLoader(),
                new Class<?>[] {StandardJavaFileManager.class}, forward);
    }

    private static Path emptyJar(Path file) throws IOException {
        new JarOutputStream(Files.newOutputStream(file)).close();
        return file;
    }

    private static boolean evaluationFails(JShellEvaluator evaluator, String code) {
        try {
            evaluator.evaluate(code, 0);
            return false;
        } catch (EvaluationException expected) {
            return true;
        }
    }

    private static void compile(Path temp, String className, String source, Path into) throws IOException {
        Path file = temp.resolve("src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", into.toString(), file.toString()));
    }
}
