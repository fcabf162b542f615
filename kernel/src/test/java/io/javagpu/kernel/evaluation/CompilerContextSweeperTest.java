package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JShell's reused javac contexts keep no entry for the snippet classes of cells long gone. */
class CompilerContextSweeperTest {

    @Test
    void classTablesKeepNoEmptyEntriesAfterManyCells() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            CompilerContextSweeper sweeper = shell.sweeper();
            assertTrue(sweeper.isActive(), "jdk.jshell and jdk.compiler are opened to the kernel (manifest Add-Opens, surefire argLine)");
            shell.evaluate("int base = 1;", 0);
            for (int i = 0; i < 40; i++) {
                assertEquals(String.valueOf(i + 1), shell.evaluate("base + " + i, 0).orElseThrow().text());
            }
            // without the sweep, every cell's wrapper class leaves an empty entry in each context it passed through
            assertEquals(0, sweeper.emptyEntries());
            assertEquals("41", shell.evaluate("base + 40", 0).orElseThrow().text());
        }
    }
}
