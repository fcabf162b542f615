package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class JShellEvaluatorTest {
    private static JShellEvaluator evaluator;

    @BeforeAll
    static void start() {
        evaluator = new JShellEvaluator();
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    @Test
    void aCellOfManySnippetsKeepsDeclarationsAndGivesTheLastValue() throws EvaluationException {
        Optional<EvaluatedValue> value = evaluator.evaluate("int base = 40;\nint twice(int x) { return 2 * x; }\nbase + twice(1)", 0);
        assertEquals("42", value.orElseThrow().text());
        assertEquals("int", value.get().typeName());
        assertEquals(null, value.get().rich());
        assertEquals("43", evaluator.evaluate("base + 3", 0).orElseThrow().text());
    }

    @Test
    void declarationsAndStatementsHaveNoValue() throws EvaluationException {
        assertFalse(evaluator.evaluate("int quiet = 1;", 0).isPresent());
        assertFalse(evaluator.evaluate("if (quiet > 0) { quiet++; }", 0).isPresent());
    }

    @Test
    void compileErrorsPointAtTheCellLine() {
        EvaluationException error = assertThrows(EvaluationException.class, () -> evaluator.evaluate("int ok = 1;\n\nint broken = ;", 0));
        assertEquals("CompilationError", error.errorName());
        assertTrue(error.traceback().get(0).contains("cell line 3"), error.traceback().toString());
        assertTrue(error.traceback().get(1).contains("int broken = ;"));
    }

    @Test
    void exceptionsCarryTheirClassAndCellLines() {
        EvaluationException error = assertThrows(EvaluationException.class,
                () -> evaluator.evaluate("void fail() {\n  throw new IllegalStateException(\"deep\");\n}\nfail();", 0));
        assertEquals("java.lang.IllegalStateException", error.errorName());
        assertEquals("deep", error.errorValue());
        String traceback = String.join("\n", error.traceback());
        assertTrue(traceback.contains("fail (cell line 2)"), traceback);
        assertTrue(traceback.contains("(cell line 4)"), traceback);
    }

    @Test
    void theFirstLineOffsetShiftsReportedLines() {
        EvaluationException error = assertThrows(EvaluationException.class, () -> evaluator.evaluate("int x = ;", 5));
        assertTrue(error.traceback().get(0).contains("cell line 6"), error.traceback().toString());
    }

    @Test
    void evaluationStopsAtTheFirstError() throws EvaluationException {
        assertThrows(EvaluationException.class, () -> evaluator.evaluate("int before = 1;\nthrow new RuntimeException();\nint after = 2;", 0));
        assertTrue(evaluator.variableTypes().containsKey("before"));
        assertFalse(evaluator.variableTypes().containsKey("after"));
    }

    @Test
    void valuesComeBackAsTheObjectsThemselves() throws EvaluationException {
        EvaluatedValue value = evaluator.evaluate("java.util.List.of(1, 2)", 0).orElseThrow();
        assertEquals(List.of(1, 2), value.object());
        assertEquals(List.of(3), evaluator.objectOf("java.util.List.of(3)"));
    }

    @Test
    void stopEndsAnEndlessLoop() throws Exception {
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException ignored) {
                return;
            }
            evaluator.stop();
        });
        stopper.start();
        EvaluationException error = assertThrows(EvaluationException.class, () -> evaluator.evaluate("int spins = 0;\nwhile (true) { spins++; }", 0));
        assertEquals("InterruptedException", error.errorName());
        assertEquals("1", evaluator.evaluate("1", 0).orElseThrow().text());
    }

    @Test
    void spentSnippetsAreDroppedSoThatEvaluationDoesNotSlowDown() throws EvaluationException {
        long activeBefore = activeSnippets();
        for (int i = 0; i < 60; i++) {
            evaluator.evaluate(i + " + 1", 0);
            evaluator.evaluate("if (" + i + " > 100) { System.out.print(\"never\"); }", 0);
        }
        assertTrue(activeSnippets() - activeBefore <= 10, "active snippets grew by " + (activeSnippets() - activeBefore));
    }

    @Test
    void recentTemporariesAndAllDeclarationsStayUsable() throws EvaluationException {
        evaluator.evaluate("int declaredEarly = 5;", 0);
        EvaluatedValue value = evaluator.evaluate("6 * 7", 0).orElseThrow();
        for (int i = 0; i < 5; i++) evaluator.evaluate(i + " * 2", 0);
        assertEquals("43", evaluator.evaluate(value.variableName() + " + 1", 0).orElseThrow().text());
        for (int i = 0; i < 30; i++) evaluator.evaluate(i + " * 3", 0);
        assertEquals("6", evaluator.evaluate("declaredEarly + 1", 0).orElseThrow().text());
    }

    @Test
    void cellsLeaveNoThreadGroupsBehind() throws EvaluationException {
        assumeTrue(Runtime.version().feature() < 19, "from JDK 19 a parent holds its thread groups weakly");
        for (int i = 0; i < 30; i++) evaluator.evaluate(i + " + 2", 0);
        evaluator.evaluate("Thread later = new Thread(() -> { try { Thread.sleep(300); } catch (InterruptedException e) { } });\n"
                + "later.start();", 0);
        assertEquals(1, cellGroups(), "the group of the cell whose thread still runs");
        evaluator.evaluate("later.join();", 0);
        assertEquals(0, cellGroups());
    }

    private static long cellGroups() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) root = root.getParent();
        ThreadGroup[] groups = new ThreadGroup[root.activeGroupCount() + 16];
        int count = root.enumerate(groups, true);
        return java.util.Arrays.stream(groups, 0, count).filter(group -> group.getName().startsWith("cell ")).count();
    }

    private static long activeSnippets() {
        return evaluator.shell().snippets().filter(s -> evaluator.shell().status(s).isActive()).count();
    }
}
