package io.javagpu.magics.builtin;

import io.javagpu.kernel.evaluation.NotebookContext;
import io.javagpu.magics.MagicException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClasspathMagicsTest {
    @TempDir
    Path folder;
    private NotebookContext context;

    @BeforeEach
    void setUp() throws Exception {
        TestJars.compiled(folder.resolve("lib/tools.jar"), Map.of("lib.Tools", "package lib; public class Tools { public static int seven() { return 7; } }"));
        TestJars.empty(folder.resolve("lib/other.jar"));
        Files.writeString(folder.resolve("lib/readme.txt"), "not a jar");
        TestJars.empty(folder.resolve("lib/deep/inner/deep.jar"));
        Files.createDirectories(folder.resolve("classes"));
        context = new NotebookContext(folder);
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    private static List<String> names(Object paths) {
        return ((List<?>) paths).stream().map(p -> ((Path) p).getFileName().toString()).toList();
    }

    @Test
    void jarsExpandsGlobsRelativeToTheWorkingDirectory() throws Exception {
        Object added = context.line("jars", "lib/*.jar");
        assertEquals(List.of("other.jar", "tools.jar"), names(added));
        assertEquals(context.classpath(), added);
        assertTrue(((Path) ((List<?>) added).get(0)).isAbsolute());
        assertEquals(7, context.eval("lib.Tools.seven()"));
        assertEquals("lib.Tools", context.eval("Class.forName(\"lib.Tools\", false, Thread.currentThread().getContextClassLoader()).getName()"),
                "a library that looks classes up through the context class loader finds the added jars' classes");
        assertTrue(context.stdout().contains("Added 2 entries to the class path."), context.stdout());
    }

    @Test
    void jarsSkipsWhatIsAlreadyThere() throws Exception {
        context.line("jars", "lib/tools.jar");
        Object again = context.line("jars", "lib/*.jar");
        assertEquals(List.of("other.jar"), names(again));
        assertTrue(context.stdout().contains("(1 already there)"), context.stdout());
    }

    @Test
    void doubleStarCrossesFoldersAndAFolderMeansItsJars() throws Exception {
        assertEquals(List.of("deep.jar", "other.jar", "tools.jar"), names(context.line("jars", "lib/**.jar")));
        NotebookContext fresh = new NotebookContext(folder);
        try {
            assertEquals(List.of("other.jar", "tools.jar"), names(fresh.line("jars", "lib")));
        } finally {
            fresh.close();
        }
    }

    @Test
    void aGlobMatchingNothingIsAClearError() {
        MagicException none = assertThrows(MagicException.class, () -> context.line("jars", "nowhere/*.jar"));
        assertTrue(none.getMessage().startsWith("No files match nowhere/*.jar"), none.getMessage());
        MagicException txt = assertThrows(MagicException.class, () -> context.line("jars", "lib/*.txt"));
        assertEquals("No jar files match lib/*.txt", txt.getMessage());
        assertEquals(List.of(), context.classpath());
    }

    @Test
    void classpathAddsFoldersAndJarsAndListsWithoutArguments() throws Exception {
        Object added = context.line("classpath", "classes lib/tools.jar");
        assertEquals(List.of("classes", "tools.jar"), names(added));
        context.line("classpath", "");
        assertTrue(context.stdout().contains(folder.resolve("classes").toString()), context.stdout());
        MagicException missing = assertThrows(MagicException.class, () -> context.line("classpath", "missing.jar"));
        assertTrue(missing.getMessage().startsWith("No such file or folder: missing.jar"), missing.getMessage());
    }

    @Test
    void absolutePatternsWork() throws Exception {
        assertEquals(List.of("other.jar", "tools.jar"), names(context.line("classpath", "'" + folder.resolve("lib") + "/*.jar'")));
    }
}
