package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        stopAfter(500);
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
    void snippetsRunOnOneThreadAsAProgramWould() throws EvaluationException {
        evaluator.evaluate("ThreadLocal<String> carried = new ThreadLocal<>();\ncarried.set(\"kept\");", 0);
        assertEquals("\"kept\"", evaluator.evaluate("carried.get()", 0).orElseThrow().text());
        String thread = evaluator.evaluate("Thread.currentThread()", 0).orElseThrow().object().toString();
        for (int i = 0; i < 20; i++) evaluator.evaluate(i + " + 2", 0);
        assertEquals(thread, evaluator.evaluate("Thread.currentThread()", 0).orElseThrow().object().toString());
    }

    @Test
    void threadsThatCellsStartJoinTheSnippetThreadsOneGroup() throws EvaluationException {
        Object group = evaluator.evaluate("Thread.currentThread().getThreadGroup()", 0).orElseThrow().object();
        for (int i = 0; i < 30; i++) evaluator.evaluate(i + " + 2", 0);
        evaluator.evaluate("Thread later = new Thread(() -> { try { Thread.sleep(300); } catch (InterruptedException e) { } });\n"
                + "later.start();", 0);
        assertSame(group, evaluator.evaluate("later.getThreadGroup()", 0).orElseThrow().object());
        assertSame(group, evaluator.evaluate("Thread.currentThread().getThreadGroup()", 0).orElseThrow().object());
        assertEquals("cells", ((ThreadGroup) group).getName());
        evaluator.evaluate("later.join();", 0);
    }

    @Test
    void stopInterruptsTheThreadsOfTheStoppedCellOnly() throws Exception {
        evaluator.evaluate("java.util.concurrent.atomic.AtomicBoolean earlierStopped = new java.util.concurrent.atomic.AtomicBoolean();\n"
                + "Thread earlier = new Thread(() -> { try { Thread.sleep(60_000); } catch (InterruptedException e) { earlierStopped.set(true); } });\n"
                + "earlier.start();", 0);
        stopAfter(500);
        assertThrows(EvaluationException.class, () -> evaluator.evaluate(
                "java.util.concurrent.atomic.AtomicBoolean laterStopped = new java.util.concurrent.atomic.AtomicBoolean();\n"
                + "Thread later = new Thread(() -> { try { Thread.sleep(60_000); } catch (InterruptedException e) { laterStopped.set(true); } });\n"
                + "later.start();\n"
                + "while (true) { }", 0));
        assertEquals("true", evaluator.evaluate("later.join(10_000);\nlaterStopped.get()", 0).orElseThrow().text());
        assertEquals("false", evaluator.evaluate("earlierStopped.get()", 0).orElseThrow().text());
        evaluator.evaluate("earlier.interrupt();\nearlier.join();", 0);
    }

    @Test
    void deepRecursionFitsAndAnOverflowLeavesTheNextCellAFreshThread() throws EvaluationException {
        evaluator.evaluate("int depth(int n) { return n == 0 ? 0 : 1 + depth(n - 1); }", 0);
        assertEquals("200000", evaluator.evaluate("depth(200_000)", 0).orElseThrow().text());
        Object before = evaluator.evaluate("Thread.currentThread()", 0).orElseThrow().object();
        EvaluationException overflow = assertThrows(EvaluationException.class,
                () -> evaluator.evaluate("int endless(int n) { return 1 + endless(n + 1); }\nendless(0);", 0));
        assertEquals("java.lang.StackOverflowError", overflow.errorName());
        Object after = evaluator.evaluate("Thread.currentThread()", 0).orElseThrow().object();
        assertTrue(after != before, "the overflowed thread (and its deep stack) was retired");
        assertFalse(((Thread) before).isAlive());
    }

    @Test
    void closingTheShellEndsItsSnippetThread() throws Exception {
        JShellEvaluator closing = new JShellEvaluator();
        Thread thread = (Thread) closing.evaluate("Thread.currentThread()", 0).orElseThrow().object();
        assertTrue(thread.isAlive());
        closing.close();
        thread.join(10_000);
        assertFalse(thread.isAlive());
    }

    private static void stopAfter(long millis) {
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException ignored) {
                return;
            }
            evaluator.stop();
        });
        stopper.setDaemon(true);
        stopper.start();
    }

    private static long activeSnippets() {
        return evaluator.shell().snippets().filter(s -> evaluator.shell().status(s).isActive()).count();
    }
}
