package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * javac's name tables let go of the names of forgotten snippet classes and temporaries where the table maps strings
 * (JDK 22+; tests/test_install.py runs these tests on the other installed JDKs too), and hold nothing back elsewhere.
 */
class ForgottenNamesTest {

    @Test
    void namesOfForgottenClassesAndTemporariesLeaveJavacsTables() throws EvaluationException {
        try (JShellEvaluator shell = new JShellEvaluator()) {
            shell.evaluate("class Box { int size() { return 4; } }", 0);
            for (int i = 0; i < 60; i++) assertEquals(String.valueOf(i + 1), shell.evaluate("1 + " + i, 0).orElseThrow().text());
            for (int i = 0; i < 20; i++) assertEquals("4", shell.evaluate("new Box().size()", 0).orElseThrow().text());
            List<Set<String>> tables = shell.sweeper().names();
            if (tables.isEmpty()) {
                assertEquals(0, shell.forgottenNames().pendingCount(), "an older javac's table: nothing is held back");
                return;
            }
            for (Set<String> names : tables) {
                long snippetNames = names.stream().filter(name -> name.contains("$Fast$")).count();
                // the newest temporaries stay usable (4 names each: the class's name in three forms and its file's)
                assertTrue(snippetNames <= 4 * 12, snippetNames + " names of one-pass classes are left: " + names);
                assertFalse(names.contains("REPL.$Fast$2"), "the first cells' classes are forgotten");
                assertFalse(names.contains("$3"), "so are their temporaries");
                assertTrue(names.contains("Box") && names.contains("size"), "a declaration's names stay");
            }
            assertEquals(0, shell.forgottenNames().pendingCount());
            String newest = shell.evaluate("2 * 21", 0).orElseThrow().text();
            assertEquals("42", newest);
            assertEquals("84", shell.evaluate("$81 * 2", 0).orElseThrow().text(), "a kept temporary comes back");
            assertEquals("cannot find symbol", rootMessage(() -> shell.evaluate("$3 + 1", 0)));
            assertEquals("4", shell.evaluate("new Box().size()", 0).orElseThrow().text());
        }
    }

    private interface Evaluation {
        void run() throws EvaluationException;
    }

    private static String rootMessage(Evaluation evaluation) {
        try {
            evaluation.run();
            return "no error";
        } catch (EvaluationException e) {
            return e.getMessage().contains("cannot find symbol") ? "cannot find symbol" : e.getMessage();
        }
    }
}
