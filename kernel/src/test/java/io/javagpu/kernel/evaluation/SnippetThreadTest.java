package io.javagpu.kernel.evaluation;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnippetThreadTest {
    private static final ClassLoader CONTEXT_LOADER = new ClassLoader(null) { };
    private final SnippetThread snippets = new SnippetThread(new ThreadGroup("test cells"), 1 << 20, CONTEXT_LOADER);

    @Test
    void snippetsRunOneAfterAnotherOnTheSameThread() {
        AtomicReference<Thread> first = new AtomicReference<>();
        AtomicReference<Thread> second = new AtomicReference<>();
        snippets.beginCell();
        snippets.run(() -> first.set(Thread.currentThread()), () -> { });
        snippets.run(() -> second.set(Thread.currentThread()), () -> { });
        assertSame(first.get(), second.get());
        assertNotSame(Thread.currentThread(), first.get());
        snippets.retire();
    }

    @Test
    void theSnippetThreadAndTheThreadsItStartsHaveTheGivenContextClassLoader() {
        AtomicReference<ClassLoader> snippet = new AtomicReference<>();
        AtomicReference<ClassLoader> started = new AtomicReference<>();
        snippets.beginCell();
        snippets.run(() -> {
            snippet.set(Thread.currentThread().getContextClassLoader());
            Thread thread = new Thread(() -> started.set(Thread.currentThread().getContextClassLoader()));
            thread.start();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, () -> { });
        assertSame(CONTEXT_LOADER, snippet.get());
        assertSame(CONTEXT_LOADER, started.get());
        snippets.retire();
    }

    @Test
    void aStopBetweenTwoSnippetsKeepsTheRestOfTheCellFromRunning() {
        AtomicInteger ran = new AtomicInteger();
        snippets.beginCell();
        snippets.run(ran::incrementAndGet, () -> { });
        assertTrue(snippets.interruptSnippet(snippets.currentCell()));  // as when the stop comes while the next snippet compiles
        snippets.run(ran::incrementAndGet, () -> { });
        assertEquals(1, ran.get());
        snippets.beginCell();
        snippets.run(ran::incrementAndGet, () -> { });
        assertEquals(2, ran.get(), "the next cell runs");
        snippets.retire();
    }

    @Test
    void aStopThatComesAfterItsCellEndedLeavesTheNextCellAlone() {
        AtomicInteger ran = new AtomicInteger();
        snippets.beginCell();
        long stoppedCell = snippets.currentCell();
        snippets.run(ran::incrementAndGet, () -> { });
        snippets.beginCell();
        assertFalse(snippets.interruptSnippet(stoppedCell));
        snippets.run(ran::incrementAndGet, () -> { });
        assertEquals(2, ran.get());
        snippets.retire();
    }

    @Test
    void aStopInterruptsTheRunningSnippet() throws InterruptedException {
        CountDownLatch sleeping = new CountDownLatch(1);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        snippets.beginCell();
        Thread stopper = new Thread(() -> {
            try {
                if (sleeping.await(10, TimeUnit.SECONDS)) snippets.interruptSnippet(snippets.currentCell());
            } catch (InterruptedException ignored) {
            }
        });
        stopper.start();
        long start = System.nanoTime();
        snippets.run(() -> {
            sleeping.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                ended.set(e);
            }
        }, () -> { });
        stopper.join();
        assertTrue(ended.get() instanceof InterruptedException);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        snippets.retire();
    }
}
