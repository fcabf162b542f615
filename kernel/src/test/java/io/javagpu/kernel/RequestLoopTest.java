package io.javagpu.kernel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.handlers.Reply;
import io.javagpu.kernel.handlers.RequestHandler;
import io.javagpu.kernel.protocol.Channel;
import io.javagpu.kernel.protocol.IoPub;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;
import io.javagpu.kernel.protocol.MessageSigner;
import io.javagpu.kernel.protocol.WireCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Routing over real JeroMQ sockets on loopback: a DEALER client, the kernel's ROUTER and PUB. */
class RequestLoopTest {
    private final ZMQ.Context context = ZMQ.context(1);
    private final WireCodec codec = new WireCodec(new MessageSigner("hmac-sha256", "secret"));
    private final MessageFactory messages = new MessageFactory();
    private final MessageFactory client = new MessageFactory();
    private ZMQ.Socket dealer;
    private ZMQ.Socket subscriber;
    private Thread loopThread;
    private IoPub iopub;

    @BeforeEach
    void start() {
        ZMQ.Socket router = context.socket(SocketType.ROUTER);
        int shellPort = router.bindToRandomPort("tcp://127.0.0.1");
        ZMQ.Socket pub = context.socket(SocketType.PUB);
        int pubPort = pub.bindToRandomPort("tcp://127.0.0.1");
        iopub = new IoPub(new Channel("iopub", pub, codec), messages);
        iopub.start();
        Channel shell = new Channel("shell", router, codec);
        RequestHandler echo = request -> {
            ObjectNode content = MessageFactory.object();
            content.put("status", "ok");
            content.put("echo", request.content().path("text").asText());
            return Reply.of(content);
        };
        RequestHandler broken = request -> {
            throw new StackOverflowError("handler bug");
        };
        loopThread = new Thread(new RequestLoop(shell, Map.of("echo_request", echo, "broken_request", broken), iopub, messages));
        loopThread.setDaemon(true);
        loopThread.start();
        dealer = context.socket(SocketType.DEALER);
        dealer.setReceiveTimeOut(3000);
        dealer.connect("tcp://127.0.0.1:" + shellPort);
        subscriber = context.socket(SocketType.SUB);
        subscriber.setReceiveTimeOut(3000);
        subscriber.subscribe(new byte[0]);
        subscriber.connect("tcp://127.0.0.1:" + pubPort);
    }

    @AfterEach
    void stop() throws InterruptedException {
        dealer.close();
        subscriber.close();
        iopub.drainAndStop(1000);
        context.term();
        loopThread.join(2000);
    }

    private Message send(WireCodec with, String type, String text) {
        ObjectNode content = MessageFactory.object();
        content.put("text", text);
        Message request = new Message(List.of(), client.header(type), MessageFactory.object(), MessageFactory.object(), content, List.of());
        List<byte[]> frames = with.encode(request);
        for (int i = 0; i < frames.size(); i++) dealer.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        return request;
    }

    private Message receive(ZMQ.Socket socket) throws Exception {
        byte[] first = socket.recv(0);
        if (first == null) return null;
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (socket.hasReceiveMore()) frames.add(socket.recv(0));
        return codec.decode(frames);
    }

    /** The subscription needs a moment to reach the PUB: send probes until one echoes on iopub. */
    private void awaitSubscription() throws Exception {
        subscriber.setReceiveTimeOut(100);
        for (int attempt = 0; attempt < 50; attempt++) {
            send(codec, "echo_request", "probe");
            assertNotNull(receive(dealer));
            if (receive(subscriber) != null) break;
        }
        while (receive(subscriber) != null) {
            // drain what the probes published
        }
        subscriber.setReceiveTimeOut(3000);
    }

    @Test
    void aRequestGetsBusyReplyIdleWithItsHeaderAsParent() throws Exception {
        awaitSubscription();
        Message request = send(codec, "echo_request", "hello");
        Message reply = receive(dealer);
        assertEquals("echo_reply", reply.type());
        assertEquals("hello", reply.content().path("echo").asText());
        assertEquals(request.header(), reply.parentHeader());
        Message busy = receive(subscriber);
        Message idle = receive(subscriber);
        assertEquals("busy", busy.content().path("execution_state").asText());
        assertEquals("idle", idle.content().path("execution_state").asText());
        assertEquals(request.id(), idle.parentHeader().path("msg_id").asText());
    }

    @Test
    void badlySignedAndMalformedMessagesGetNoReplyAndTheLoopLivesOn() throws Exception {
        awaitSubscription();
        send(new WireCodec(new MessageSigner("hmac-sha256", "wrong")), "echo_request", "forged");
        dealer.send("not a jupyter message".getBytes(StandardCharsets.UTF_8), 0);
        Message good = send(codec, "echo_request", "after");
        Message reply = receive(dealer);
        assertEquals("after", reply.content().path("echo").asText());
        assertEquals(good.id(), reply.parentHeader().path("msg_id").asText());
        Message busy = receive(subscriber);
        assertEquals(good.id(), busy.parentHeader().path("msg_id").asText(), "no busy for the forged message");
    }

    @Test
    void aFailingHandlerStillRepliesWithAnError() throws Exception {
        send(codec, "broken_request", "x");
        Message reply = receive(dealer);
        assertEquals("broken_reply", reply.type());
        assertEquals("error", reply.content().path("status").asText());
        assertEquals("handler bug", reply.content().path("evalue").asText());
    }

    @Test
    void unknownMessageTypesAreIgnored() throws Exception {
        send(codec, "nonsense_request", "x");
        send(codec, "echo_request", "still here");
        assertEquals("still here", receive(dealer).content().path("echo").asText());
        dealer.setReceiveTimeOut(200);
        assertNull(receive(dealer));
    }
}
