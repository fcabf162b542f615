package io.javagpu.kernel.protocol;

import io.javagpu.kernel.logging.KernelLog;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The iopub channel. Any thread may publish; one daemon thread owns the PUB socket and sends in queue order,
 * so output, displays and status messages never overtake one another.
 */
public final class IoPub implements Publisher {
    private static final Message STOP = new Message(java.util.List.of(), MessageFactory.object(), MessageFactory.object(),
            MessageFactory.object(), MessageFactory.object(), java.util.List.of());
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    private final Channel channel;
    private final MessageFactory messages;
    private final Thread sender;

    public IoPub(Channel channel, MessageFactory messages) {
        this.channel = channel;
        this.messages = messages;
        this.sender = new Thread(this::sendLoop, "iopub");
        sender.setDaemon(true);
    }

    public void start() {
        sender.start();
    }

    @Override
    public void publish(Message parent, String msgType, ObjectNode content) {
        queue.add(messages.broadcast(parent, msgType, content));
    }

    /** Sends what is queued, then stops the sender thread (bounded wait). */
    public void drainAndStop(long timeoutMillis) {
        queue.add(STOP);
        try {
            sender.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendLoop() {
        try {
            while (true) {
                Message next = queue.take();
                if (next == STOP) return;
                try {
                    channel.send(next);
                } catch (RuntimeException | OutOfMemoryError e) {
                    // an OutOfMemoryError here would otherwise end the only thread that sends output
                    KernelLog.warn("iopub send failed: " + e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            channel.socket().close();
        }
    }
}
