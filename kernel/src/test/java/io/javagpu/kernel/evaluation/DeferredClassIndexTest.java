package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeferredClassIndexTest {

    @Test
    void jshellIndexesNoClassesUntilCompletionAsksAndThenCompletesPackageNames() throws Exception {
        try (JShellEvaluator evaluator = new JShellEvaluator()) {
            assertEquals("2", evaluator.evaluate("1 + 1", 0).orElseThrow().text());
            // JShell's own record of a finished index (the JVM may hold the JDK's index from an earlier JShell,
            // so only this instance's version says whether it indexed): unindexed for as long as an index takes
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < deadline) {
                assertEquals(0, indexVersion(evaluator.analysis()), "JShell indexed classes before any completion");
                Thread.sleep(100);
            }
            SourceCodeAnalysis analysis = evaluator.completionAnalysis();
            assertEquals(1, indexVersion(analysis));
            int[] anchor = new int[1];
            assertTrue(analysis.completionSuggestions("import java.ut", 14, anchor).stream()
                    .anyMatch(suggestion -> suggestion.continuation().startsWith("util")));
        }
    }

    @Test
    void aValueMemberCompletesWithoutTheIndexAndAPackageNameStillWaitsForIt() throws Exception {
        try (JShellEvaluator evaluator = new JShellEvaluator()) {
            evaluator.evaluate("String text = \"abc\";", 0);
            for (String code : List.of("text.le", "\"abc\".le", "java.util.List.of(text).get(0).le", "text.trim().le")) {
                Completion completion = evaluator.analyzing(code, () -> CodeCompletion.complete(evaluator, null, code, code.length()));
                assertTrue(completion.matches().contains("length()"), code + ": " + completion.matches());
            }
            assertEquals(0, indexVersion(evaluator.analysis()), "a value's members needed no index");
            String importing = "import java.ut";
            Completion packages = evaluator.analyzing(importing,
                    () -> CodeCompletion.complete(evaluator, null, importing, importing.length()));
            assertTrue(packages.matches().stream().anyMatch(match -> match.startsWith("util")), packages.matches().toString());
            assertEquals(1, indexVersion(evaluator.analysis()));
        }
    }

    @Test
    void onlyAValuesMemberIsTakenForOne() {
        java.util.function.Predicate<String> variables = Set.of("text", "$3")::contains;
        for (String value : List.of("text.", "text.le", "$3.", "f(x).", "a[0].len", "\"abc\".", "x = text.t")) {
            assertTrue(CodeCompletion.completesValueMember(value, variables), value);
        }
        for (String other : List.of("te", "java.ut", "Math.ab", "java.util.", "text.length().x.y", "import text.", "other.le")) {
            assertFalse(CodeCompletion.completesValueMember(other, variables), other);
        }
    }

    @Test
    void evaluationStillWorksWhileTheIndexIsHeld() throws EvaluationException {
        try (JShellEvaluator evaluator = new JShellEvaluator()) {
            evaluator.addToClasspath(System.getProperty("java.io.tmpdir"));
            assertEquals("[1, 2]", evaluator.evaluate("java.util.List.of(1, 2)", 0).orElseThrow().text());
        }
    }

    private static int indexVersion(SourceCodeAnalysis analysis) throws ReflectiveOperationException {
        Field version = analysis.getClass().getDeclaredField("indexVersion");
        version.setAccessible(true);
        return version.getInt(analysis);
    }
}
