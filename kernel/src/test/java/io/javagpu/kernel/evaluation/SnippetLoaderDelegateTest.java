package io.javagpu.kernel.evaluation;

import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.tools.ToolProvider;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnippetLoaderDelegateTest {
    private static Path work;
    private static ClassBytecodes first;
    private static ClassBytecodes second;

    /** Two snippet-like classes, the second calling the first. */
    @BeforeAll
    static void compile() throws Exception {
        work = Files.createTempDirectory("snippet-loader");
        Path repl = Files.createDirectories(work.resolve("REPL"));
        Files.writeString(repl.resolve("$JShell$1.java"),
                "package REPL; public class $JShell$1 { public static Object do_it$() { return java.util.List.of(1); } }");
        Files.writeString(repl.resolve("$JShell$2.java"),
                "package REPL; public class $JShell$2 { public static Object do_it$() { return $JShell$1.do_it$(); } }");
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", work.toString(),
                repl.resolve("$JShell$1.java").toString(), repl.resolve("$JShell$2.java").toString());
        assertEquals(0, status);
        first = new ClassBytecodes("REPL.$JShell$1", Files.readAllBytes(repl.resolve("$JShell$1.class")));
        second = new ClassBytecodes("REPL.$JShell$2", Files.readAllBytes(repl.resolve("$JShell$2.class")));
    }

    @AfterAll
    static void removeSources() throws Exception {
        try (Stream<Path> walk = Files.walk(work)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }

    @Test
    void snippetClassesLoadAndRunWithoutTheParentLoaderBeingAskedForAny() throws Exception {
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        ClassLoader parent = new ClassLoader(ClassLoader.getSystemClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                asked.add(name);
                return super.loadClass(name, resolve);
            }
        };
        SnippetLoaderDelegate delegate = new SnippetLoaderDelegate(parent);
        delegate.load(new ClassBytecodes[]{first});
        delegate.load(new ClassBytecodes[]{second});
        Class<?> caller = delegate.findClass("REPL.$JShell$2");
        assertSame(delegate.classLoader(), caller.getClassLoader());
        assertEquals(List.of(1), caller.getMethod("do_it$").invoke(null));
        assertTrue(asked.contains("java.util.List"), "other classes come from the parent: " + asked);
        assertTrue(asked.stream().noneMatch(name -> name.startsWith("REPL.")), "asked the parent for " + asked);
    }

    @Test
    void findClassFindsOnlyLoadedSnippetClasses() throws Exception {
        SnippetLoaderDelegate delegate = new SnippetLoaderDelegate();
        assertThrows(ClassNotFoundException.class, () -> delegate.findClass("REPL.$JShell$1"));
        delegate.load(new ClassBytecodes[]{first});
        assertEquals("REPL.$JShell$1", delegate.findClass("REPL.$JShell$1").getName());
    }

    @Test
    void aSnippetClassFileIsAResourceUntilItIsForgotten() throws Exception {
        SnippetLoaderDelegate delegate = new SnippetLoaderDelegate();
        delegate.load(new ClassBytecodes[]{first});
        URL resource = delegate.classLoader().getResource("REPL/$JShell$1.class");
        try (InputStream in = resource.openStream()) {
            assertArrayEquals(first.bytecodes(), in.readAllBytes());
        }
        assertEquals(1, Collections.list(delegate.classLoader().getResources("REPL/$JShell$1.class")).size());
        delegate.classFiles().remove("REPL.$JShell$1");
        assertNull(delegate.classLoader().getResource("REPL/$JShell$1.class"));
        assertEquals("REPL.$JShell$1", delegate.findClass("REPL.$JShell$1").getName(), "the class stays loaded");
    }

    @Test
    void aClassTheJvmRefusesIsAnInstallErrorAndTheLoaderGoesOn() throws Exception {
        SnippetLoaderDelegate delegate = new SnippetLoaderDelegate();
        ClassInstallException notAClass = assertThrows(ClassInstallException.class,
                () -> delegate.load(new ClassBytecodes[]{new ClassBytecodes("REPL.$JShell$9", new byte[]{1, 2, 3})}));
        assertTrue(notAClass.getMessage().startsWith("load: "), notAClass.getMessage());
        assertThrows(ClassInstallException.class,
                () -> delegate.load(new ClassBytecodes[]{new ClassBytecodes("java.lang.Snippet", first.bytecodes())}));
        delegate.load(new ClassBytecodes[]{first});
        assertEquals(List.of(1), delegate.findClass("REPL.$JShell$1").getMethod("do_it$").invoke(null));
    }

    @Test
    void classesOfAnAddedClassPathEntryLoad() throws Exception {
        SnippetLoaderDelegate delegate = new SnippetLoaderDelegate();
        assertThrows(ClassNotFoundException.class, () -> delegate.classLoader().loadClass("REPL.$JShell$1"));
        delegate.addToClasspath(work.toString());
        assertEquals("REPL.$JShell$1", delegate.classLoader().loadClass("REPL.$JShell$1").getName());
    }
}
