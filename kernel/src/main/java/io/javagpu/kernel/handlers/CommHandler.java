package io.javagpu.kernel.handlers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.protocol.Channel;
import io.javagpu.kernel.protocol.IoPub;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;

/**
 * Comms: this kernel registers no comm targets yet, so comm_info lists none and a comm_open is answered with
 * comm_close (as the protocol asks for an unknown target). comm_msg and comm_close need no answer.
 */
public final class CommHandler implements RequestHandler {
    private final MessageFactory messages;
    private final IoPub iopub;

    public CommHandler(MessageFactory messages, IoPub iopub) {
        this.messages = messages;
        this.iopub = iopub;
    }

    @Override
    public boolean handle(Message request, Channel replyChannel) {
        switch (request.type()) {
            case "comm_info_request" -> {
                ObjectNode content = MessageFactory.object();
                content.put("status", "ok");
                content.putObject("comms");
                replyChannel.send(messages.reply(request, "comm_info_reply", content));
            }
            case "comm_open" -> {
                ObjectNode close = MessageFactory.object();
                close.put("comm_id", request.content().path("comm_id").asText(""));
                close.putObject("data");
                iopub.publish(request, "comm_close", close);
            }
            default -> {
            }
        }
        return false;
    }
}
