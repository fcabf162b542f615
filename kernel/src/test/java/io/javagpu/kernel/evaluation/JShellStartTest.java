package io.javagpu.kernel.evaluation;

import io.javagpu.magics.EvaluationException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JShellStartTest {
    @Test
    void theEarlyJShellHasTheDefaultImportsAndNothingOfTheNotebookYet() throws Exception {
        JShellEvaluator evaluator = JShellStart.begin().evaluator().get();
        try {
            assertEquals("[a, b]", evaluator.evaluate("new ArrayList<Path>(List.of(Path.of(\"a\"), Path.of(\"b\")))", 0)
                    .orElseThrow().text());
            assertEquals("1", evaluator.evaluate("BigInteger.ONE", 0).orElseThrow().text());
        } finally {
            evaluator.close();
        }
    }

    @Test
    void aRuntimeCompletedAroundTheEarlyJShellRunsCellsAndMagics() throws EvaluationException, ExecutionException, InterruptedException {
        JShellStart start = JShellStart.begin();
        NotebookRuntime runtime = NotebookRuntime.create(RuntimeLauncherTest.NO_DISPLAY, new Interrupts.Holder(),
                java.nio.file.Path.of("").toAbsolutePath(), start.evaluator());
        try {
            assertEquals(start.evaluator().get(), runtime.evaluator());
            assertEquals("6", runtime.runner().run("int six = 6;\nsix").orElseThrow().text());
            assertTrue(runtime.registry().find("lsmagic").isPresent());
        } finally {
            runtime.evaluator().close();
        }
    }
}
