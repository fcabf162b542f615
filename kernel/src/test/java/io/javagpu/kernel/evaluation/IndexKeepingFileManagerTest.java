package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The class-path index survives javac's per-task option; the class path itself still follows the notebook. */
class IndexKeepingFileManagerTest {

    /** The standard file manager, with the name of every option that reaches it recorded in {@code seen}. */
    private static StandardJavaFileManager recording(StandardJavaFileManager standard, List<String> seen) {
        InvocationHandler forward = (proxy, method, args) -> {
            if (method.getName().equals("handleOption")) seen.add((String) args[0]);
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
            IndexKeepingFileManager manager = new IndexKeepingFileManager(recording(standard, seen));
            String release = String.valueOf(Runtime.version().feature());
            assertTrue(manager.handleOption("--multi-release", List.of(release).iterator()));
            assertTrue(manager.handleOption("--multi-release", List.of(release).iterator()));
            assertTrue(manager.handleOption("--class-path", List.of(System.getProperty("java.io.tmpdir")).iterator()));
            assertTrue(manager.handleOption("--multi-release", List.of(release).iterator()));
            assertTrue(manager.handleOption("--multi-release", List.of("17".equals(release) ? "21" : "17").iterator()));
            assertEquals(List.of("--multi-release", "--class-path", "--multi-release"), seen);
        }
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
