package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JShell takes the default imports after the first cell; what runs before must not tell the difference. */
class DeferredImportsTest {
    @Test
    void aFirstExpressionRunsBeforeJShellTakesTheImportsAndTheNextThatNeedsThemWaitsForThem() throws EvaluationException {
        try (JShellEvaluator evaluator = NotebookRuntime.newEvaluator()) {
            assertTrue(evaluator.importsDeferred());
            assertEquals("2", evaluator.evaluate("1 + 1", 0).orElseThrow().text());
            assertEquals("\"HI\"", evaluator.evaluate("\"hi\".toUpperCase()", 0).orElseThrow().text());
            assertEquals(2, evaluator.onePassRuns());
            assertTrue(evaluator.importsDeferred(), "nothing so far needed the imports");

            EvaluatedValue list = evaluator.evaluate("new ArrayList<>(List.of(Path.of(\"a\")))", 0).orElseThrow();
            assertFalse(evaluator.importsDeferred());
            assertEquals("[a]", list.text());
            assertEquals(3, evaluator.onePassRuns(), "once JShell had the imports, the one pass took the expression");
            evaluator.evaluate("var same = new ArrayList<>(List.of(Path.of(\"a\")));", 0);
            Map<String, String> types = evaluator.variableTypes();
            assertEquals("ArrayList<Path>", list.typeName());
            assertEquals(types.get("same"), list.typeName(), "the type as JShell shows it");
            assertEquals(Map.of("$1", "int", "$2", "String", "$3", types.get("same"), "same", types.get("same")), types);
        }
    }

    @Test
    void aValueWhoseTypeTheImportsShortenIsShownAsJShellShowsIt() throws EvaluationException {
        try (JShellEvaluator evaluator = NotebookRuntime.newEvaluator()) {
            EvaluatedValue value = evaluator.evaluate("java.util.List.of(1)", 0).orElseThrow();
            assertEquals("List<Integer>", value.typeName());
            assertFalse(evaluator.importsDeferred());
        }
    }

    @Test
    void aDeclarationACompletionOrTheStartThreadGivesJShellTheImports() throws Exception {
        try (JShellEvaluator evaluator = NotebookRuntime.newEvaluator()) {
            evaluator.evaluate("var names = new TreeSet<String>();", 0);
            assertFalse(evaluator.importsDeferred());
            assertEquals("[]", evaluator.evaluate("names", 0).orElseThrow().text());
        }
        try (JShellEvaluator evaluator = NotebookRuntime.newEvaluator()) {
            List<String> found = evaluator.analyzing("ArrayDe", () -> evaluator.completionAnalysis()
                    .completionSuggestions("ArrayDe", 7, new int[1]).stream().map(s -> s.continuation()).toList());
            assertTrue(found.contains("ArrayDeque"), found.toString());
        }
        JShellEvaluator started = JShellStart.begin().await();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (started.importsDeferred() && System.nanoTime() < deadline) Thread.sleep(20);
            assertFalse(started.importsDeferred(), "the start thread gave JShell the imports with no cell asking");
        } finally {
            started.close();
        }
    }

    /**
     * The premise of trying a first expression without the imports: code that compiles without them means the same
     * with them. An on-demand import that brought a type {@code java.lang} also has would make that name ambiguous.
     */
    @Test
    void noDefaultImportBringsATypeNameThatJavaLangHas() throws Exception {
        Set<String> javaLang = publicTypesOf("java.lang");
        Set<String> imported = new HashSet<>();
        for (String line : NotebookRuntime.defaultImports()) {
            String target = line.replaceFirst("^import\\s+(static\\s+)?", "").replace(";", "").strip();
            if (line.startsWith("import static ") && target.endsWith(".*")) {
                for (Class<?> member : Class.forName(target.substring(0, target.length() - 2)).getClasses()) {
                    imported.add(member.getSimpleName());
                }
            } else if (target.endsWith(".*")) {
                Set<String> types = publicTypesOf(target.substring(0, target.length() - 2));
                assertFalse(types.isEmpty(), "no types found in " + target);
                imported.addAll(types);
            } else {
                imported.add(target.substring(target.lastIndexOf('.') + 1));
            }
        }
        assertTrue(imported.size() > 300, "the packages were listed: " + imported.size());
        imported.retainAll(javaLang);
        assertEquals(Set.of(), imported);
    }

    private static Set<String> publicTypesOf(String packageName) throws IOException {
        Set<String> names = new HashSet<>();
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        Path packageDir = jrt.getPath("/packages", packageName);
        try (Stream<Path> modules = Files.list(packageDir)) {
            for (Path module : modules.toList()) {
                Path classes = jrt.getPath("/modules", module.getFileName().toString(), packageName.replace('.', '/'));
                try (Stream<Path> files = Files.list(classes)) {
                    files.map(file -> file.getFileName().toString())
                            .filter(name -> name.endsWith(".class") && !name.contains("$") && !name.startsWith("package-info"))
                            .map(name -> name.substring(0, name.length() - ".class".length()))
                            .filter(name -> isPublic(packageName + "." + name))
                            .forEach(names::add);
                }
            }
        }
        return names;
    }

    private static boolean isPublic(String className) {
        try {
            return Modifier.isPublic(Class.forName(className, false, ClassLoader.getSystemClassLoader()).getModifiers());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
