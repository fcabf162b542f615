package io.javagpu.kernel.protocol;

import io.javagpu.kernel.logging.KernelLog;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Queue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The iopub channel. Any thread may publish, and messages go out in the order they were published, so output,
 * displays and status messages never overtake one another.
 * <p>
 * The threads that serve requests ({@link #sendDirectlyFrom}) send on the PUB socket themselves, after whatever is
 * queued, while no interrupt can reach them; every other message is queued for a daemon sender thread. A JeroMQ
 * socket wakes its I/O thread through an NIO pipe, and an interrupt during that write closes the pipe for good, so a
 * thread that a cell interrupt may reach (notebook code's, or the shell thread while it runs a cell) never touches the
 * socket. Handing the serving threads' own messages to the sender cost a thread wake-up each, four per cell.
 */
public final class IoPub implements Publisher {
    private final Queue<Message> queue = new ConcurrentLinkedQueue<>();
    /** Held while sending: whoever holds it sends what is queued before anything else. */
    private final ReentrantLock socket = new ReentrantLock();
    private final Map<Thread, BooleanSupplier> directSenders = new ConcurrentHashMap<>();
    private final Channel channel;
    private final MessageFactory messages;
    private final Thread sender;
    private volatile boolean stopped;

    public IoPub(Channel channel, MessageFactory messages) {
        this.channel = channel;
        this.messages = messages;
        this.sender = new Thread(this::sendLoop, "iopub");
        sender.setDaemon(true);
    }

    public void start() {
        sender.start();
    }

    /**
     * Lets {@code thread}, one that serves requests, send its messages itself whenever {@code uninterruptible} (asked
     * on that thread) says that no interrupt can reach it until it asks again.
     */
    public void sendDirectlyFrom(Thread thread, BooleanSupplier uninterruptible) {
        directSenders.put(thread, uninterruptible);
    }

    @Override
    public void publish(Message parent, String msgType, ObjectNode content) {
        Message message = messages.broadcast(parent, msgType, content);
        BooleanSupplier uninterruptible = directSenders.get(Thread.currentThread());
        if (uninterruptible == null || !uninterruptible.getAsBoolean()) {
            queue.add(message);
            LockSupport.unpark(sender);
            return;
        }
        socket.lock();
        try {
            if (stopped) return;
            sendQueued();
            send(message);
        } finally {
            socket.unlock();
        }
    }

    /** Sends what is queued, then closes the socket and ends the sender thread (bounded wait). */
    public void drainAndStop(long timeoutMillis) {
        try {
            if (!socket.tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            if (stopped) return;
            sendQueued();
            stopped = true;
            channel.socket().close();
        } finally {
            socket.unlock();
        }
        LockSupport.unpark(sender);
        try {
            sender.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Takes nothing from the queue before it holds the socket: a serving thread that sends meanwhile must find every
     * message published before its own still queued, or already sent.
     */
    private void sendLoop() {
        while (!stopped) {
            if (queue.isEmpty()) {
                LockSupport.park(this);
                continue;
            }
            socket.lock();
            try {
                if (!stopped) sendQueued();
            } finally {
                socket.unlock();
            }
        }
    }

    /** With the socket held. */
    private void sendQueued() {
        for (Message next = queue.poll(); next != null; next = queue.poll()) send(next);
    }

    /** With the socket held. */
    private void send(Message message) {
        try {
            channel.send(message);
        } catch (RuntimeException | OutOfMemoryError e) {
            // an OutOfMemoryError here would otherwise end the thread that sends output
            KernelLog.warn("iopub send failed: " + e);
        }
    }
}
