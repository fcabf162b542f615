package io.javagpu.kernel.output;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gathers printed text into few stream messages: text waits at most {@code lingerMillis} (or until
 * {@code maxChunkChars} are pending) before it is sent, and a change of stream sends what came before, so
 * stdout and stderr keep their relative order. Nothing is ever dropped.
 */
public final class OutputCoalescer {
    private final StreamSink sink;
    private final long lingerMillis;
    private final int maxChunkChars;
    private final ScheduledExecutorService timer;
    private final StringBuilder pending = new StringBuilder();
    private String pendingStream;
    private boolean flushScheduled;

    public OutputCoalescer(StreamSink sink, long lingerMillis, int maxChunkChars) {
        this.sink = sink;
        this.lingerMillis = lingerMillis;
        this.maxChunkChars = maxChunkChars;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "output-flush");
            thread.setDaemon(true);
            return thread;
        });
    }

    public synchronized void write(String streamName, CharSequence text) {
        if (text.length() == 0) return;
        if (pendingStream != null && !pendingStream.equals(streamName)) sendPending();
        pendingStream = streamName;
        pending.append(text);
        if (pending.length() >= maxChunkChars) {
            sendPending();
        } else if (!flushScheduled) {
            flushScheduled = true;
            try {
                timer.schedule(this::flush, lingerMillis, TimeUnit.MILLISECONDS);
            } catch (RuntimeException | OutOfMemoryError e) {
                flushScheduled = false;  // else no later write would schedule a flush again
                throw e;
            }
        }
    }

    /** Sends everything pending now (end of a cell, before a display, before an input request). */
    public synchronized void flush() {
        flushScheduled = false;
        sendPending();
    }

    private void sendPending() {
        if (pending.length() == 0) return;
        String text = pending.toString();
        pending.setLength(0);
        sink.send(pendingStream, text);
    }
}
