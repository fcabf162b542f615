package io.javagpu.kernel.output;

import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputCoalescerTest {
    private record Sent(String stream, String text) {
    }

    private final List<Sent> sent = new ArrayList<>();

    private synchronized void record(String stream, String text) {
        sent.add(new Sent(stream, text));
    }

    @Test
    void manyPrintlnsBecomeFewMessagesAndNothingIsLost() {
        OutputCoalescer coalescer = new OutputCoalescer(this::record, 10_000, 64 * 1024);
        PrintStream out = new PrintStream(new CapturedOutputStream("stdout", coalescer), true, StandardCharsets.UTF_8);
        for (int i = 0; i < 100_000; i++) out.println("line " + i);
        coalescer.flush();
        String all = String.join("", sent.stream().map(Sent::text).toList());
        String[] lines = all.split("\n");
        assertEquals(100_000, lines.length);
        assertEquals("line 0", lines[0]);
        assertEquals("line 99999", lines[99_999]);
        assertTrue(sent.size() < 40, "coalesced into " + sent.size() + " messages");
    }

    @Test
    void aChangeOfStreamKeepsTheOrder() {
        OutputCoalescer coalescer = new OutputCoalescer(this::record, 10_000, 64 * 1024);
        coalescer.write("stdout", "a\n");
        coalescer.write("stdout", "b\n");
        coalescer.write("stderr", "oops\n");
        coalescer.write("stdout", "c\n");
        coalescer.flush();
        assertEquals(List.of(new Sent("stdout", "a\nb\n"), new Sent("stderr", "oops\n"), new Sent("stdout", "c\n")), sent);
    }

    @Test
    void pendingTextIsSentAfterTheLingerWithoutAnExplicitFlush() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        OutputCoalescer coalescer = new OutputCoalescer((stream, text) -> {
            record(stream, text);
            arrived.countDown();
        }, 5, 64 * 1024);
        coalescer.write("stdout", "late\n");
        assertTrue(arrived.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(new Sent("stdout", "late\n")), sent);
    }

    @Test
    void utf8CharactersSplitAcrossWritesSurvive() {
        OutputCoalescer coalescer = new OutputCoalescer(this::record, 10_000, 64 * 1024);
        CapturedOutputStream stream = new CapturedOutputStream("stdout", coalescer);
        byte[] emoji = "é😀".getBytes(StandardCharsets.UTF_8);
        for (byte b : emoji) stream.write(b);
        coalescer.flush();
        assertEquals("é😀", String.join("", sent.stream().map(Sent::text).toList()));
    }
}
