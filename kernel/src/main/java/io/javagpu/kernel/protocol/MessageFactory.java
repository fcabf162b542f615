package io.javagpu.kernel.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Builds headers and messages for one kernel session. */
public final class MessageFactory {
    public static final String PROTOCOL_VERSION = "5.3";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String session = UUID.randomUUID().toString();
    /** msg_id is the session and a counter, as jupyter_client makes them: unique without a secure random per message. */
    private final AtomicLong messageCount = new AtomicLong();
    private final HeaderDates dates = new HeaderDates();
    private final String topicPrefix = "kernel." + session + ".";

    public String session() {
        return session;
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public ObjectNode header(String msgType) {
        ObjectNode header = NODES.objectNode();
        header.put("msg_id", session + "_" + messageCount.incrementAndGet());
        header.put("session", session);
        header.put("username", "kernel");
        header.put("date", dates.now());
        header.put("msg_type", msgType);
        header.put("version", PROTOCOL_VERSION);
        return header;
    }

    /** A reply to {@code request}, routed back to the same identities, with the request header as parent. */
    public Message reply(Message request, String msgType, ObjectNode content) {
        return new Message(request.identities(), header(msgType), request.header(), object(), content, List.of());
    }

    /** An iopub broadcast; {@code parent} may be null (no parent: an empty object). */
    public Message broadcast(Message parent, String msgType, ObjectNode content) {
        byte[] topic = (topicPrefix + msgType).getBytes(StandardCharsets.UTF_8);
        ObjectNode parentHeader = parent == null ? object() : parent.header();
        return new Message(List.of(topic), header(msgType), parentHeader, object(), content, List.of());
    }

    /** A request the kernel sends to the client (input_request on stdin), routed with the shell request's identities. */
    public Message request(Message parent, String msgType, ObjectNode content) {
        return new Message(parent.identities(), header(msgType), parent.header(), object(), content, List.of());
    }
}
