package io.javagpu.kernel.evaluation;

import io.javagpu.display.RecordingSink;
import io.javagpu.magics.EvaluationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JShellStartTest {
    @Test
    void theEarlyJShellHasTheDefaultImportsAndNothingOfTheNotebookYet() throws Exception {
        JShellEvaluator evaluator = JShellStart.begin().await();
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
                java.nio.file.Path.of("").toAbsolutePath(), start);
        try {
            assertEquals(start.await(), runtime.evaluator());
            assertEquals("6", runtime.runner().run("int six = 6;\nsix").orElseThrow().text());
            assertTrue(runtime.registry().find("lsmagic").isPresent());
        } finally {
            runtime.evaluator().close();
        }
    }

    @Test
    @Timeout(120)
    void aMagicRunsWhileJShellIsBeingBuiltAndJavaWaitsForIt() throws Exception {
        CompletableFuture<JShellEvaluator> heldBack = new CompletableFuture<>();
        RecordingSink sink = new RecordingSink();
        NotebookRuntime runtime = NotebookRuntime.create(sink, new Interrupts.Holder(), Path.of("").toAbsolutePath(),
                JShellStart.of(heldBack));
        try {
            runtime.runner().run("%lsmagic");
            assertEquals(1, sink.ofKind("display").size(), "the magic showed its table with JShell not built");
            assertEquals(Map.of(), runtime.context().variableTypes());

            CompletableFuture<String> java = new CompletableFuture<>();
            awaitWaiting(startCell(runtime, new Interrupts.Holder(), "int six = 6;\nsix", java));
            assertFalse(java.isDone(), "Java waits for JShell");

            heldBack.complete(JShellStart.begin().await());
            assertEquals("6", java.get(60, TimeUnit.SECONDS));
            assertEquals(Map.of("six", "int"), runtime.context().variableTypes());
        } finally {
            runtime.evaluator().close();
        }
    }

    @Test
    @Timeout(120)
    void aCellWaitingForJShellCanBeStoppedAndAFailedStartLeavesTheMagicsWorking() throws Exception {
        CompletableFuture<JShellEvaluator> heldBack = new CompletableFuture<>();
        Interrupts.Holder holder = new Interrupts.Holder();
        RecordingSink sink = new RecordingSink();
        NotebookRuntime runtime = NotebookRuntime.create(sink, holder, Path.of("").toAbsolutePath(), JShellStart.of(heldBack));

        CompletableFuture<String> stopped = new CompletableFuture<>();
        awaitWaiting(startCell(runtime, holder, "1 + 1", stopped));
        holder.interrupts().interrupt();
        assertEquals("InterruptedException", stopped.get(60, TimeUnit.SECONDS));

        heldBack.completeExceptionally(new IllegalStateException("no compiler in this JDK"));
        EvaluationException failed = assertThrows(EvaluationException.class, () -> runtime.runner().run("1 + 1"));
        assertEquals("KernelStartupError", failed.errorName());
        assertTrue(failed.errorValue().contains("no compiler in this JDK"), failed.errorValue());
        runtime.runner().run("%lsmagic");
        assertEquals(1, sink.ofKind("display").size());
    }

    /** Runs {@code code} as a cell on a thread of its own; {@code outcome}: the value's text, or the error's name. */
    private static Thread startCell(NotebookRuntime runtime, Interrupts.Holder holder, String code, CompletableFuture<String> outcome) {
        Thread cell = new Thread(() -> {
            holder.interrupts().beginCell(Thread.currentThread());
            try {
                outcome.complete(runtime.runner().run(code).map(EvaluatedValue::text).orElse(""));
            } catch (EvaluationException e) {
                outcome.complete(e.errorName());
            } catch (RuntimeException | Error e) {
                outcome.completeExceptionally(e);
            } finally {
                holder.interrupts().endCell();
            }
        });
        cell.start();
        return cell;
    }

    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(thread.isAlive() && System.nanoTime() < deadline, "the cell's thread never waited: " + thread.getState());
            Thread.sleep(5);
        }
    }
}
