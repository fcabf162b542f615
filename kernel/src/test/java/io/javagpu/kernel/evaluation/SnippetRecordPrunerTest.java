package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import jdk.jshell.Snippet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JShell lists only the snippets still in use once the kernel has dropped the others, and everything in use works. */
class SnippetRecordPrunerTest {

    @Test
    void droppedSnippetsLeaveNoRecordBehind() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            assertTrue(shell.recordPruner().active(), "jdk.jshell is opened to the kernel (manifest Add-Opens, surefire argLine)");
            shell.evaluate("int offset = 1;\nint shifted(int x) { return x + offset; }", 0);
            long declared = shell.shell().snippets().count();
            EvaluatedValue last = null;
            for (int i = 0; i < 60; i++) {
                if (i % 3 == 0) shell.evaluate("offset = offset + 1;", 0);
                else if (i % 3 == 1) shell.evaluate("offset", 0);
                else last = shell.evaluate("shifted(" + i + ")", 0).orElseThrow();
            }
            List<Snippet> kept = shell.shell().snippets().toList();
            // 20 statements, 20 expressions and 20 temporaries later: the 10 newest temporaries are kept
            assertTrue(kept.size() <= declared + 10, "JShell still lists " + kept.size() + " snippets: " + kept);
            assertTrue(kept.stream().allMatch(snippet -> shell.shell().status(snippet).isActive()), kept.toString());

            assertEquals("21", shell.evaluate("offset", 0).orElseThrow().text());
            assertEquals(last.text(), shell.evaluate(last.variableName(), 0).orElseThrow().text());
            shell.evaluate("int offset = 100;", 0);
            assertEquals("103", shell.evaluate("shifted(3)", 0).orElseThrow().text(), "a redeclaration reaches its dependents");
            assertEquals(List.of("offset"), shell.shell().variables().map(v -> v.name()).filter(n -> !n.startsWith("$")).toList());
        }
    }
}
