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

    @Test
    void javacsListenersOnObjectDoNotPileUp() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            shell.evaluate("class Counter { int n; }", 0);
            for (int i = 0; i < 150; i++) shell.evaluate("new Counter().n + " + i, 0);
            System.gc();
            for (int i = 0; i < 5; i++) shell.evaluate("new Counter().n + " + i, 0);
            java.util.List<Integer> counts = shell.sweeper().objectScopeListeners();
            assertEquals(3, counts.size(), "one count per compiler context: " + counts);
            // each pass leaves one; without the purge the analysis contexts hold 150 or more
            assertTrue(counts.stream().allMatch(count -> count < 100), counts.toString());
            assertEquals("7", shell.evaluate("new Counter().n + 7", 0).orElseThrow().text());
        }
    }

    @Test
    void contextsWalkingOnlyReplClassesStillReplaceRedeclaredClasses() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            shell.evaluate("class Point { int x = 1; }", 0);
            shell.evaluate("int xOf() { return new Point().x; }", 0);
            assertEquals("1", shell.evaluate("xOf()", 0).orElseThrow().text());
            // the parse, analysis and generation contexts all walk JShell's classes only from now on
            assertEquals(3, shell.sweeper().contextsWithReplTables());

            shell.evaluate("class Point { int x = 2; int y = 3; }", 0);
            assertEquals("2", shell.evaluate("xOf()", 0).orElseThrow().text());
            assertEquals("3", shell.evaluate("new Point().y", 0).orElseThrow().text());
            shell.evaluate("interface Shape { double area(); }", 0);
            shell.evaluate("record Square(double side) implements Shape { public double area() { return side * side; } }", 0);
            assertEquals("6.25", shell.evaluate("new Square(2.5).area()", 0).orElseThrow().text());
            shell.evaluate("record Square(double side) implements Shape { public double area() { return 4 * side; } }", 0);
            assertEquals("10.0", shell.evaluate("new Square(2.5).area()", 0).orElseThrow().text());
            assertEquals(0, shell.sweeper().emptyEntries());
        }
    }
}
