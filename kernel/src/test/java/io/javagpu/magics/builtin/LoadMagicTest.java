package io.javagpu.magics.builtin;

import io.javagpu.magics.EvaluationException;
import io.javagpu.kernel.evaluation.NotebookContext;
import io.javagpu.magics.MagicException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadMagicTest {
    @TempDir
    Path folder;
    private NotebookContext context;

    @AfterEach
    void tearDown() {
        if (context != null) context.close();
    }

    @Test
    void loadsAJavaFileWithAPackageLine() throws Exception {
        Files.writeString(folder.resolve("Greeter.java"), """
                // A comment before the package
                package com.example.tools;

                public class Greeter {
                    public static String greet(String name) { return "Hello, " + name; }
                }
                """);
        context = new NotebookContext(folder);
        context.line("load", "Greeter.java");
        assertEquals("Hello, Ada", context.eval("Greeter.greet(\"Ada\")"));
    }

    @Test
    void loadsAJshScriptAndReturnsItsLastValue() throws Exception {
        Path scripts = Files.createDirectories(folder.resolve("scripts"));
        Files.writeString(scripts.resolve("setup.jsh"), "int base = 40;\nint twice(int x) { return 2 * x; }\nbase + 2\n");
        context = new NotebookContext(folder);
        assertEquals(42, context.line("load", "scripts/setup.jsh"));
        assertEquals(8, context.eval("twice(4)"));
    }

    @Test
    void missingFilesAndCompileErrorsAreReported() throws Exception {
        Files.writeString(folder.resolve("broken.jsh"), "int x = \"not an int\";");
        context = new NotebookContext(folder);
        MagicException missing = assertThrows(MagicException.class, () -> context.line("load", "nope.jsh"));
        assertTrue(missing.getMessage().startsWith("No such file: nope.jsh"), missing.getMessage());
        assertThrows(EvaluationException.class, () -> context.line("load", "broken.jsh"));
        assertThrows(MagicException.class, () -> context.line("load", ""));
    }

    @Test
    void packageRemovalKeepsLineNumbers() {
        String source = "/* header\n */\npackage a.b;\nclass X {}\n";
        String stripped = LoadMagic.withoutPackage(source);
        assertEquals(source.lines().count(), stripped.lines().count());
        assertTrue(!stripped.contains("package"));
        assertEquals("class X {}\n", LoadMagic.withoutPackage("class X {}\n"));
    }
}
