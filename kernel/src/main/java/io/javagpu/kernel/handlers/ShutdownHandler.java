package io.javagpu.kernel.handlers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.protocol.Channel;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;
import io.javagpu.kernel.protocol.Publisher;

import java.util.function.Consumer;

/** shutdown_request: reply (also on iopub, as ipykernel does), then let the kernel exit. Restart is the client's job. */
public final class ShutdownHandler implements RequestHandler {
    private final Publisher iopub;
    private final Consumer<Channel> exit;

    /** {@code exit} ends the process; it is given the channel the request came on, which its thread owns. */
    public ShutdownHandler(Publisher iopub, Consumer<Channel> exit) {
        this.iopub = iopub;
        this.exit = exit;
    }

    @Override
    public Reply handle(Message request) {
        ObjectNode content = MessageFactory.object();
        content.put("status", "ok");
        content.put("restart", request.content().path("restart").asBoolean(false));
        iopub.publish(request, "shutdown_reply", content.deepCopy());
        return new Reply(content, false, exit);
    }
}
