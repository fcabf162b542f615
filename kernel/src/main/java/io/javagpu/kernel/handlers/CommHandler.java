package io.javagpu.kernel.handlers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;
import io.javagpu.kernel.protocol.Publisher;

/**
 * Comms: this kernel registers no comm targets yet, so comm_info lists none and a comm_open is answered with
 * comm_close (as the protocol asks for an unknown target). comm_msg and comm_close need no answer.
 */
public final class CommHandler implements RequestHandler {
    private final Publisher iopub;

    public CommHandler(Publisher iopub) {
        this.iopub = iopub;
    }

    @Override
    public Reply handle(Message request) {
        switch (request.type()) {
            case "comm_info_request" -> {
                ObjectNode content = MessageFactory.object();
                content.put("status", "ok");
                content.putObject("comms");
                return Reply.of(content);
            }
            case "comm_open" -> {
                ObjectNode close = MessageFactory.object();
                close.put("comm_id", request.content().path("comm_id").asText(""));
                close.putObject("data");
                iopub.publish(request, "comm_close", close);
                return Reply.none();
            }
            default -> {
                return Reply.none();
            }
        }
    }
}
