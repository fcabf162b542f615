package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JShell forgets the wrapped source of dropped snippets, and their code still reports its lines. */
class WrappedSourcePrunerTest {

    @Test
    void spentCellsLeaveNoWrappedSourceBehind() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            WrappedSourcePruner pruner = shell.sourcePruner();
            assertTrue(pruner.active(), "jdk.jshell is opened to the kernel (manifest Add-Opens, surefire argLine)");
            shell.evaluate("int offset = 1;\nint shifted(int x) { return x + offset; }", 0);
            int declared = pruner.heldSources();
            for (int i = 0; i < 60; i++) {
                if (i % 2 == 0) shell.evaluate("offset = offset + 1;", 0);
                else shell.evaluate("shifted(" + i + ")", 0);
            }
            // 30 statements and 30 temporaries later: the 10 newest temporaries keep theirs
            int held = pruner.heldSources();
            assertTrue(held <= declared + 10, "wrapped sources: " + held + " (declarations alone: " + declared + ")");
            assertEquals("31", shell.evaluate("offset", 0).orElseThrow().text());
        }
    }

    @Test
    void codeOfADroppedCellStillNamesItsSnippetLine() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            shell.evaluate("Runnable[] later = new Runnable[1];", 0);
            int before = shell.sourcePruner().heldSources();
            shell.evaluate("if (later != null) later[0] = () -> {\n  int unused = 0;\n  throw new IllegalStateException(\"late\");\n};", 0);
            assertEquals(before, shell.sourcePruner().heldSources(), "the statement was dropped with its wrapped source");

            EvaluationException error = assertThrows(EvaluationException.class, () -> shell.evaluate("later[0].run();", 0));
            String traceback = String.join("\n", error.traceback());
            assertTrue(traceback.contains("IllegalStateException"), traceback);
            // the statement ran in one pass: its class is no JShell snippet, and the frame names the earlier cell
            assertTrue(traceback.matches("(?s).*lambda\\S* \\((snippet #\\d+|an earlier cell), line 3\\).*"), traceback);
            assertFalse(traceback.contains("REPL."), traceback);
            assertTrue(traceback.contains("        at (cell line 1)"), "the cell's own frame: " + traceback);
        }
    }
}
