package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many cells later, JShell holds the classes of live snippets only, and those still work. */
class GeneratedClassPrunerTest {

    @Test
    void spentCellsLeaveNoCompiledClassesBehind() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            GeneratedClassPruner pruner = shell.pruner();
            assertEquals(Set.of("compiled", "tracked", "loaded"), pruner.storedClassCounts().keySet(),
                    "jdk.jshell and jdk.jshell.execution are opened to the kernel (manifest Add-Opens, surefire argLine)");
            shell.evaluate("int offset = 1;\nint shifted(int x) { return x + offset; }\nclass Box { int v = 7; }", 0);
            Map<String, Integer> declared = pruner.storedClassCounts();
            EvaluatedValue last = null;
            for (int i = 0; i < 60; i++) {
                if (i % 3 == 0) shell.evaluate("offset = offset + 1;", 0);
                else if (i % 3 == 1) shell.evaluate("new Box().v + " + i, 0);
                else last = shell.evaluate("shifted(" + i + ")", 0).orElseThrow();
            }
            Map<String, Integer> stored = pruner.storedClassCounts();
            // 60 cells, of which 40 expressions: only the 10 newest temporaries keep their classes, in every store
            for (String store : declared.keySet()) {
                assertTrue(stored.get(store) <= declared.get(store) + 10,
                        store + " classes: " + stored + " (declarations alone: " + declared + ")");
            }

            assertEquals("21", shell.evaluate("offset", 0).orElseThrow().text());
            assertEquals("7", shell.evaluate("new Box().v", 0).orElseThrow().text());
            assertEquals(last.text(), shell.evaluate(last.variableName(), 0).orElseThrow().text());
            assertThrows(EvaluationException.class, () -> shell.evaluate("$1", 0), "the oldest temporaries were dropped");
        }
    }
}
