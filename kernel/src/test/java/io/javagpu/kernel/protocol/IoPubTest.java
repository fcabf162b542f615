package io.javagpu.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Messages published from any thread reach a real subscriber in the order they were published. */
class IoPubTest {
    private final ZMQ.Context context = ZMQ.context(1);
    private final WireCodec codec = new WireCodec(new MessageSigner("hmac-sha256", "secret"));
    private ZMQ.Socket subscriber;
    private IoPub iopub;

    @BeforeEach
    void start() {
        ZMQ.Socket pub = context.socket(SocketType.PUB);
        pub.setSndHWM(0);
        int port = pub.bindToRandomPort("tcp://127.0.0.1");
        iopub = new IoPub(new Channel("iopub", pub, codec), new MessageFactory());
        iopub.start();
        subscriber = context.socket(SocketType.SUB);
        subscriber.setRcvHWM(0);
        subscriber.subscribe(new byte[0]);
        subscriber.connect("tcp://127.0.0.1:" + port);
    }

    @AfterEach
    void stop() {
        subscriber.close();
        iopub.drainAndStop(1000);
        context.term();
    }

    private static ObjectNode text(String text) {
        ObjectNode content = MessageFactory.object();
        content.put("text", text);
        return content;
    }

    private String receive() throws Exception {
        byte[] first = subscriber.recv(0);
        assertNotNull(first, "nothing arrived on iopub");
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (subscriber.hasReceiveMore()) frames.add(subscriber.recv(0));
        return codec.decode(frames).content().path("text").asText();
    }

    /** The subscription takes a moment to reach the PUB socket: publish probes until one arrives. */
    private void awaitSubscription() throws Exception {
        subscriber.setReceiveTimeOut(100);
        while (subscriber.recv(0) == null) iopub.publish(null, "stream", text("probe"));
        while (subscriber.recv(0) != null) {
            // the other probes' frames
        }
        subscriber.setReceiveTimeOut(5000);
    }

    /** Runs {@code body} on a new thread that {@code iopub} knows as a serving thread with {@code uninterruptible}. */
    private Thread serving(Runnable body, boolean uninterruptible) {
        Thread thread = new Thread(body, "serving");
        iopub.sendDirectlyFrom(thread, () -> uninterruptible);
        thread.start();
        return thread;
    }

    @Test
    void aServingThreadsOwnMessageNeverOvertakesOneQueuedBeforeIt() throws Exception {
        awaitSubscription();
        int rounds = 2_000;
        SynchronousQueue<Integer> published = new SynchronousQueue<>();
        SynchronousQueue<Integer> answered = new SynchronousQueue<>();
        Thread output = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                iopub.publish(null, "stream", text("queued " + i));
                try {
                    published.put(i);
                    answered.take();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cell output");
        CompletableFuture<Void> served = new CompletableFuture<>();
        serving(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    published.take();
                    iopub.publish(null, "status", text("direct " + i));
                    answered.put(i);
                }
                served.complete(null);
            } catch (InterruptedException e) {
                served.completeExceptionally(e);
            }
        }, true);
        output.start();
        for (int i = 0; i < rounds; i++) {
            assertEquals("queued " + i, receive());
            assertEquals("direct " + i, receive());
        }
        served.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aThreadThatAnInterruptMayReachLeavesTheSocketToTheSender() throws Exception {
        awaitSubscription();
        int messages = 3_000;
        AtomicBoolean publishing = new AtomicBoolean(true);
        Thread publisher = serving(() -> {
            for (int i = 0; i < messages; i++) iopub.publish(null, "stream", text("output " + i));
            publishing.set(false);
        }, false);
        while (publishing.get()) {
            publisher.interrupt();
            Thread.onSpinWait();
        }
        publisher.join(10_000);
        for (int i = 0; i < messages; i++) assertEquals("output " + i, receive());
        serving(() -> iopub.publish(null, "status", text("after")), true).join(10_000);
        assertEquals("after", receive(), "the socket still works");
    }
}
