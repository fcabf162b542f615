package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expressions evaluated in one javac pass give what JShell gives, and JShell still takes everything else. */
class OnePassExpressionsTest {
    private JShellEvaluator evaluator;

    @BeforeEach
    void start() throws EvaluationException {
        evaluator = new JShellEvaluator();
        evaluator.evaluate("import java.util.*;", 0);
    }

    @AfterEach
    void stop() {
        evaluator.close();
    }

    /** Evaluates {@code code} and checks whether it ran in one pass. */
    private Optional<EvaluatedValue> evaluate(String code, boolean onePass) throws EvaluationException {
        long before = evaluator.onePassRuns();
        Optional<EvaluatedValue> value = evaluator.evaluate(code, 0);
        assertEquals(onePass ? before + 1 : before, evaluator.onePassRuns(), "one pass for: " + code);
        return value;
    }

    /** Evaluates {@code code}, which must fail after running in one pass, and gives its error. */
    private EvaluationException onePassError(String code) {
        long before = evaluator.onePassRuns();
        EvaluationException error = assertThrows(EvaluationException.class, () -> evaluator.evaluate(code, 0), code);
        assertEquals(before + 1, evaluator.onePassRuns(), "one pass for: " + code);
        return error;
    }

    @Test
    void anExpressionHasItsValueTypeAndTemporary() throws EvaluationException {
        EvaluatedValue value = evaluate("1 + 1", true).orElseThrow();
        assertEquals("2", value.text());
        assertEquals("int", value.typeName());
        assertEquals("$1", value.variableName());
        assertEquals(2, value.object());
        EvaluatedValue text = evaluate("\"a\" + 'b';", true).orElseThrow();
        assertEquals("\"ab\"", text.text());
        assertEquals("String", text.typeName());
        assertEquals("Map.Entry<String,Integer>", evaluate("Map.entry(\"k\", 1)", true).orElseThrow().typeName());
        assertEquals("List<Integer>", evaluate("List.of(1, 2)", true).orElseThrow().typeName());
    }

    @Test
    void aWrapperImportsTheDeclarationsItsCodeNamesAndEveryImport() throws EvaluationException {
        evaluate("int counted = 5;", false);
        evaluate("int other = 6;", false);
        OnePassExpressions wrappers = OnePassExpressions.of(evaluator.shell());
        String header = wrappers.header("$Test$1", "counted + 1");
        assertTrue(header.contains(".counted;"), header);
        assertFalse(header.contains(".other;"), header);
        assertTrue(header.contains("import java.util.*;"), header);
        assertTrue(wrappers.header("$Test$2", "c\\u006funted + 1").contains(".other;"), "a name spelled with escapes keeps every import");
        assertEquals("[6]", evaluate("List.of(counted + 1)", true).orElseThrow().text());
    }

    @Test
    void onlyCodeThatParsesButDoesNotTypeIsTriedAgainAfterTheRetryHook() {
        try (JShellEvaluator bare = new JShellEvaluator()) {
            OnePassExpressions wrappers = OnePassExpressions.of(bare.shell());
            AtomicInteger retries = new AtomicInteger();
            assertNull(wrappers.compile("int n = 10;", "$1", retries::incrementAndGet));
            assertNull(wrappers.compile("void f() {}", "$1", retries::incrementAndGet));
            assertEquals(0, retries.get(), "no import changes a parse, nor what the text alone declines");

            assertNull(wrappers.compile("new ArrayDeque<String>()", "$1", null), "java.util is not imported yet");
            OnePassExpressions.Compiled deque = wrappers.compile("new ArrayDeque<String>()", "$1", () -> {
                retries.incrementAndGet();
                bare.shell().eval("import java.util.*;");
            });
            assertNotNull(deque, "compiled on the second try, with the import");
            assertEquals(1, retries.get());
            for (String statement : List.of("for (Object o : new ArrayDeque<>()) {}", "undefinedName + 1")) {
                assertNull(wrappers.compile(statement.replace("ArrayDeque", "Missing"), "$2", retries::incrementAndGet));
            }
            assertEquals(3, retries.get(), "a statement and an expression that do not type are tried again");
        }
    }

    @Test
    void declarationsTheCodeUsesWithoutNamingThemNeedNoImport() throws EvaluationException {
        evaluate("interface Op { int apply(int v); }", false);
        evaluate("int twice(Op op) { return op.apply(op.apply(1)); }", false);
        assertEquals("9", evaluate("twice(v -> v * 3)", true).orElseThrow().text(), "a lambda's target type");
        evaluate("class Base { static int K = 4; int k() { return K; } }", false);
        evaluate("class Sub extends Base {}", false);
        assertEquals("4", evaluate("Sub.K", true).orElseThrow().text(), "a superclass's member");
        evaluate("Base make() { return new Sub(); }", false);
        assertEquals("\"4Sub\"", evaluate("make().k() + make().getClass().getSimpleName()", true).orElseThrow().text(),
                "a method's return type");
    }

    @Test
    void aDeclarationTheCodeNamesShadowsAsInJShellHoweverTheNameIsSpelled() throws EvaluationException {
        evaluate("class Box { int MAX_VALUE = 7; }", false);
        evaluate("Box Integer = new Box();", false);
        assertEquals("7", evaluate("Integer.MAX_VALUE", true).orElseThrow().text());
        assertEquals("7", evaluate("Int\\u0065ger.MAX_VALUE", true).orElseThrow().text());
        assertEquals("2147483647", evaluate("java.lang.Integer.MAX_VALUE", true).orElseThrow().text());
    }

    @Test
    void temporariesAreNumberedWithJShellsAndComeBack() throws EvaluationException {
        evaluate("6 * 7", true);
        assertEquals("$2", evaluate("null", false).orElseThrow().variableName());
        evaluate("int plain = 5;", false);
        assertEquals("$3", evaluate("plain * 2", true).orElseThrow().variableName());
        EvaluatedValue sum = evaluate("$1 + $3", true).orElseThrow();
        assertEquals("52", sum.text());
        assertEquals("$4", sum.variableName());
        assertEquals("int", evaluator.variableTypes().get("$1"));
        assertEquals("42", evaluator.variableValue("$1"));
        assertEquals("[3, 4]", evaluate("List.of(3, 4)", true).orElseThrow().text());
        assertEquals("4", evaluate("$5.get(1)", true).orElseThrow().text());
    }

    @Test
    void aTemporaryServesTheRestOfItsCellAndAKernelEvaluationLeavesNone() throws EvaluationException {
        assertEquals("4", evaluator.evaluate("1 + 1;\n$1 * 2", 0).orElseThrow().text());
        assertEquals(2, evaluator.onePassRuns());
        assertEquals("$2", evaluate("$2", true).orElseThrow().variableName());
        Object body = evaluator.objectOf("(java.util.function.IntSupplier) () -> $1 + 1");
        assertEquals(3, ((java.util.function.IntSupplier) body).getAsInt());
        assertEquals(List.of("$1", "$2"), List.copyOf(evaluator.variableTypes().keySet()));
    }

    @Test
    void valuesNameSnippetClassesAsJShellShowsThem() throws EvaluationException {
        evaluate("class Point {}", false);
        assertTrue(evaluate("new Point()", true).orElseThrow().text().startsWith("Point@"));
        assertTrue(evaluate("((Runnable) () -> { }).toString()", true).orElseThrow().text().startsWith("\"$Lambda"));
        assertTrue(evaluate("((Runnable) () -> System.out.print(\"\")).toString()", true).orElseThrow().text().startsWith("\"$Lambda"));
    }

    @Test
    void aVoidCallRunsWithoutValue() throws EvaluationException {
        evaluate("StringBuilder log = new StringBuilder();", false);
        assertFalse(evaluate("log.append(\"ran\").setLength(3)", true).isPresent());
        assertEquals("\"ran\"", evaluate("log.toString()", true).orElseThrow().text());
    }

    @Test
    void loopsIfsAndTriesRunInOnePass() throws EvaluationException {
        evaluate("int total = 0;", false);
        assertFalse(evaluate("for (int i = 1; i <= 4; i++) total += i;", true).isPresent());
        assertFalse(evaluate("if (total > 5) { total *= 2; } else { total = -1; }", true).isPresent());
        assertEquals("20", evaluate("total", true).orElseThrow().text());
        assertFalse(evaluate("for (int i = 0; i < 2; i++) { class Local { int v = 3; } total += new Local().v; }", true).isPresent());
        assertEquals("26", evaluate("total", true).orElseThrow().text());
        assertFalse(evaluate("try { Integer.parseInt(\"q\"); } catch (NumberFormatException e) { total = 0; }", true).isPresent());
        assertEquals("0", evaluate("total", true).orElseThrow().text());
        assertFalse(evaluate("while (true) { break; }", true).isPresent());
    }

    @Test
    void aLoopInOnePassStopsWhenAsked() throws Exception {
        evaluate("long sum = 0;", false);
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            evaluator.stop();
        });
        stopper.start();
        EvaluationException stopped = onePassError("for (long i = 0; i < Long.MAX_VALUE; i++) sum += i % 7;");
        stopper.join();
        assertEquals("InterruptedException", stopped.errorName());
        assertEquals("2", evaluate("1 + 1", true).orElseThrow().text(), "the kernel goes on after the stop");
    }

    @Test
    void aStatementThatCannotCompleteIsJShells() {
        EvaluationException error = assertThrows(EvaluationException.class, () -> evaluator.evaluate("if (true) throw new IllegalStateException(\"in if\");", 0));
        assertEquals("java.lang.IllegalStateException", error.errorName());
        assertEquals(1, evaluator.onePassRuns(), "if (true) does not end a statement's reach, so the one pass ran it");
        assertThrows(EvaluationException.class, () -> evaluator.evaluate("do { throw new IllegalStateException(\"always\"); } while (false);", 0));
        assertEquals(1, evaluator.onePassRuns(), "a statement that cannot complete normally is left to JShell");
    }

    @Test
    void declarationsStayWithJShellAndAssignmentsShowAsInJShell() throws EvaluationException {
        evaluate("int counter = 1;", false);
        EvaluatedValue assigned = evaluate("counter = 3", true).orElseThrow();
        assertEquals("3", assigned.text());
        assertEquals("counter", assigned.variableName(), "a plain assignment shows under the variable's name");
        assertEquals("$1", evaluate("counter += 0", true).orElseThrow().variableName(), "a compound one gets a temporary");
        evaluate("int[] cells = new int[2];", false);
        assertEquals("$2", evaluate("cells[0] = 3", true).orElseThrow().variableName(), "so does one to an element");
        assertEquals("3", evaluator.variableValue("counter"));
        assertFalse(evaluate("for (int i = 0; i < 2; i++) counter++;", true).isPresent());
        EvaluatedValue counter = evaluate("counter", true).orElseThrow();
        assertEquals("5", counter.text());
        assertEquals("counter", counter.variableName(), "a variable's value shows under its name, with no temporary");
        assertEquals("counter", evaluate("counter // so far", true).orElseThrow().variableName());
        assertEquals("[5, 6]", evaluate("List.of(counter,\n        counter + 1)", true).orElseThrow().text());
        assertEquals("null", evaluate("null", false).orElseThrow().text());
        assertEquals("1", evaluate("new Object() { int one() { return 1; } }.one()", true).orElseThrow().text(), "an anonymous class inside an expression");
        assertEquals("\"[1, 2]\"", evaluate("Arrays.toString(new int[] {1, 2})", true).orElseThrow().text());
        assertEquals("3", evaluate("java.util.stream.Stream.of(1, 2).reduce(0, (a, b) -> { return a + b; })", true).orElseThrow().text());
        assertTrue(evaluate("new Object() { }", false).isPresent(), "a value of an anonymous class, whose type JShell names");
        assertEquals("true", evaluate("new Object() { }.getClass().isAnonymousClass()", true).orElseThrow().text());
        evaluate("List<?> unknown = List.of(1);", false);
        assertEquals("1", evaluate("unknown.get(0)", false).orElseThrow().text(), "a captured type cannot be declared again");
    }

    @Test
    void aRedeclaredMethodIsSeenAnew() throws EvaluationException {
        evaluate("int answer() { return 1; }", false);
        assertEquals("1", evaluate("answer()", true).orElseThrow().text());
        evaluate("String answer() { return \"one\"; }", false);
        EvaluatedValue value = evaluate("answer()", true).orElseThrow();
        assertEquals("\"one\"", value.text());
        assertEquals("String", value.typeName());
    }

    @Test
    void compileErrorsAreJShells() {
        EvaluationException error = assertThrows(EvaluationException.class, () -> evaluator.evaluate("1 +\nmissing", 0));
        assertEquals("CompilationError", error.errorName());
        assertTrue(error.traceback().get(0).contains("cell line 2"), error.traceback().toString());
        assertTrue(error.getMessage().contains("cannot find symbol"), error.getMessage());
    }

    @Test
    void codeThatClosesTheWrapperItselfGetsJShellsCompileError() {
        for (String code : List.of("1) + (2", "1); int y = (2")) {
            EvaluationException error = assertThrows(EvaluationException.class, () -> evaluator.evaluate(code, 0), code);
            assertEquals("CompilationError", error.errorName(), code);
            assertEquals(0, evaluator.onePassRuns(), code + ": " + error.getMessage());
        }
    }

    @Test
    void exceptionsPointAtCellLines() throws EvaluationException {
        evaluate("int zero = 0;", false);
        EvaluationException error = onePassError("int ok = 1;\n\nList.of(1, 2).stream()\n  .map(i -> i / zero)\n  .toList()");
        assertEquals("java.lang.ArithmeticException", error.errorName());
        String traceback = String.join("\n", error.traceback());
        assertTrue(traceback.contains("lambda$do_it$$0 (cell line 4)"), traceback);
        assertTrue(traceback.endsWith("at (cell line 5)"), traceback);
        assertFalse(traceback.contains("$Fast$"), traceback);
        assertEquals("3", evaluate("ok + 2", true).orElseThrow().text());
    }

    @Test
    void framesOfASnippetTheExpressionCallsAreInSnippetTerms() throws EvaluationException {
        evaluate("int boom(int a) {\n  return 10 / a;\n}", false);
        EvaluationException error = onePassError("\nboom(0)");
        String traceback = String.join("\n", error.traceback());
        assertTrue(traceback.matches("(?s).*at boom \\(snippet #\\d+, line 2\\).*"), traceback);
        assertTrue(traceback.endsWith("at (cell line 2)"), traceback);
        assertFalse(traceback.contains("$JShell$"), traceback);
    }

    @Test
    void aMethodWaitingForADeclarationSaysSo() throws EvaluationException {
        evaluate("int later() { return notYet(); }", false);
        EvaluationException error = onePassError("later() + 1");
        assertEquals("UnresolvedReferenceException", error.errorName());
        assertTrue(error.getMessage().contains("method 'later'") && error.getMessage().contains("notYet()"), error.getMessage());
        evaluate("int notYet() { return 41; }", false);
        assertEquals("42", evaluate("later() + 1", true).orElseThrow().text());
    }

    @Test
    void anErrorLeavesLaterExpressionsToTheOnePassAndAWarningRunsInIt() throws EvaluationException {
        evaluate("int triple(int a) { return a * 3; }", false);
        EvaluationException error = assertThrows(EvaluationException.class, () -> evaluator.evaluate("triple(\"a\")", 0));
        assertEquals("CompilationError", error.errorName());
        assertEquals("6", evaluate("triple(2)", true).orElseThrow().text());
        long before = evaluator.onePassRuns();
        EvaluationException divided = assertThrows(EvaluationException.class, () -> evaluator.evaluate("1 / 0", 0));
        assertEquals("java.lang.ArithmeticException", divided.errorName());
        assertEquals(before + 1, evaluator.onePassRuns(), "javac warns of a division by zero, and the one pass runs it");
        assertEquals("9", evaluate("triple(3)", true).orElseThrow().text());
    }

    @Test
    void codeKeptFromAnEarlierCellNamesThatCell() throws EvaluationException {
        evaluate("(Runnable) () -> Integer.parseInt(\"x\")", true);
        EvaluationException error = assertThrows(EvaluationException.class, () -> evaluator.evaluate("$1.run()", 0));
        String traceback = String.join("\n", error.traceback());
        assertTrue(traceback.contains("lambda$do_it$$0 (the cell that made $1, line 1)"), traceback);
        assertTrue(traceback.endsWith("at (cell line 1)"), traceback);
        assertFalse(traceback.contains("$Fast$"), traceback);
    }

    @Test
    void aCyclicCauseChainEnds() {
        EvaluationException error = assertThrows(EvaluationException.class, () -> evaluator.evaluate(
                "int[] boom() { RuntimeException a = new RuntimeException(\"a\"); RuntimeException b = new RuntimeException(\"b\", a);"
                        + " a.initCause(b); throw a; }\nboom().length", 0));
        String traceback = String.join("\n", error.traceback());
        assertTrue(traceback.contains("CIRCULAR REFERENCE"), traceback);
    }
}
