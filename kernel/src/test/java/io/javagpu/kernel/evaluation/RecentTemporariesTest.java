package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code $N} temporaries stay usable for ten cells without staying in JShell's active snippets. */
class RecentTemporariesTest {

    private static String valueOf(JShellEvaluator shell, String code) throws EvaluationException {
        return shell.evaluate(code, 0).orElseThrow().text();
    }

    private static long activeSnippets(JShellEvaluator shell) {
        return shell.shell().snippets().filter(snippet -> shell.shell().status(snippet).isActive()).count();
    }

    @Test
    void aTemporaryIsNotActiveAfterItsCellYetLaterCellsUseIt() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            long before = activeSnippets(shell);
            assertEquals("$1", shell.evaluate("1 + 1", 0).orElseThrow().variableName());
            assertEquals(before, activeSnippets(shell), "the temporary is no longer imported into every javac pass");
            assertEquals("6", valueOf(shell, "$1 * 3"));
            assertEquals("4", valueOf(shell, "$1 + $2 - 4"), "a cell brings back several");
            for (int i = 0; i < 20; i++) valueOf(shell, "$" + (i + 3) + " + " + i);
            assertEquals(before, activeSnippets(shell), "neither temporaries nor their restorations pile up");
        }
    }

    @Test
    void aTemporaryMadeEarlierInTheSameCellIsUsable() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            assertEquals("10", valueOf(shell, "3 * 3;\n$1 + 1"));
        }
    }

    @Test
    void anAssignmentToATemporaryCarriesOn() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            valueOf(shell, "1 + 1");
            valueOf(shell, "$1 = 7");
            assertEquals("7", valueOf(shell, "$1"));
        }
    }

    @Test
    void aTemporaryOfATypeThatCannotBeWrittenKeepsItsMembers() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            valueOf(shell, "new Object() { int x = 5; }");
            valueOf(shell, "0");
            assertEquals("5", valueOf(shell, "$1.x"));
            assertEquals("[9]", valueOf(shell, "java.util.List.of(9)"));
            assertEquals("9", valueOf(shell, "$4.get(0)"), "generic type kept: get(0) is an Integer, not an Object");
            assertEquals("10", valueOf(shell, "$4.get(0) + 1"));
        }
    }

    @Test
    void aDeclarationUsingATemporaryKeepsWorkingLongAfter() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            valueOf(shell, "40 + 2");
            shell.evaluate("int answer() { return $1; }", 0);
            for (int i = 0; i < 15; i++) valueOf(shell, String.valueOf(i));
            assertEquals("42", valueOf(shell, "answer()"));
            assertEquals("42", valueOf(shell, "$1"), "it stayed declared for the method that uses it");
        }
    }

    @Test
    void recentTemporariesAreListedWithTypeAndValue() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            valueOf(shell, "6 * 7");
            shell.evaluate("String word = \"hi\";", 0);
            assertEquals(List.of("$1", "word"), List.copyOf(shell.variableTypes().keySet()));
            assertEquals("int", shell.variableTypes().get("$1"));
            assertEquals("42", shell.variableValue("$1"));
            assertEquals("\"hi\"", shell.variableValue("word"));
        }
    }

    @Test
    void onlyTheTenNewestStayUsable() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            for (int i = 1; i <= 11; i++) valueOf(shell, i + " * 100");
            EvaluationException gone = assertThrows(EvaluationException.class, () -> shell.evaluate("$1", 0));
            assertTrue(gone.errorValue().contains("$1"), gone.errorValue());
            assertEquals("200", valueOf(shell, "$2"));
        }
    }

    @Test
    void aNameDeclaredAgainGetsItsNewValueNotTheOldClass() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            for (int i = 1; i <= 12; i++) valueOf(shell, i + " * 100");
            shell.evaluate("int $1 = 99;", 0);
            assertEquals("99", valueOf(shell, "$1"), "$1 was dropped and forgotten long ago; its class must not come back");
            shell.evaluate("String $12 = \"new\";", 0);
            assertEquals("\"new\"", valueOf(shell, "$12"), "a kept temporary declared again");
            for (int i = 0; i < 3; i++) {
                valueOf(shell, "$11 = $11 + 1");
                assertEquals(String.valueOf(1101 + i), valueOf(shell, "$11"));
            }
        }
    }

    @Test
    void completionAndInspectionSeeAKeptTemporaryWithoutKeepingItActive() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            valueOf(shell, "java.util.List.of(1, 2)");
            valueOf(shell, "0");
            long active = activeSnippets(shell);
            String code = "$1.siz";
            List<String> completions = shell.analyzing(code, () -> shell.completionAnalysis()
                    .completionSuggestions(code, code.length(), new int[1]).stream()
                    .map(jdk.jshell.SourceCodeAnalysis.Suggestion::continuation).toList());
            assertTrue(completions.contains("size()"), completions.toString());
            String type = shell.analyzing("$1", () -> shell.analysis().analyzeType("$1", 2));
            assertEquals("java.util.List<Integer>", type);
            assertEquals(active, activeSnippets(shell));
            assertEquals("2", valueOf(shell, "$1.size()"));
        }
    }

    @Test
    void kernelEvaluationsSuchAsTimeitBodiesUseATemporaryAndLeaveItUsable() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            valueOf(shell, "21 * 2");
            Object body = shell.objectOf("(java.util.function.IntSupplier) () -> $1 + 1");
            assertEquals(43, ((java.util.function.IntSupplier) body).getAsInt());
            assertEquals("42", valueOf(shell, "$1"));
            assertEquals(List.of("$1"), List.copyOf(shell.variableTypes().keySet()), "objectOf leaves no temporary of its own");
        }
    }

    @Test
    void namesAreFoundAsWholeIdentifiers() {
        assertEquals(Set.of("$1", "$23"), RecentTemporaries.namesIn("$1 + f($23) + a$4 + $5x + x.$6y"));
        assertEquals(Set.of(), RecentTemporaries.namesIn("no temporaries here"));
    }
}
