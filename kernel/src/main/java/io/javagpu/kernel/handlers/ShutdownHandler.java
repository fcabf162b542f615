package io.javagpu.kernel.handlers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.protocol.Channel;
import io.javagpu.kernel.protocol.IoPub;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;

/** shutdown_request: reply (also on iopub, as ipykernel does), then let the kernel exit. Restart is the client's job. */
public final class ShutdownHandler implements RequestHandler {
    private final MessageFactory messages;
    private final IoPub iopub;
    private final java.util.function.Consumer<Channel> exit;

    /** {@code exit} ends the process; it is given the channel the request came on, which its thread owns. */
    public ShutdownHandler(MessageFactory messages, IoPub iopub, java.util.function.Consumer<Channel> exit) {
        this.messages = messages;
        this.iopub = iopub;
        this.exit = exit;
    }

    @Override
    public boolean handle(Message request, Channel replyChannel) {
        ObjectNode content = MessageFactory.object();
        content.put("status", "ok");
        content.put("restart", request.content().path("restart").asBoolean(false));
        replyChannel.send(messages.reply(request, "shutdown_reply", content));
        iopub.publish(request, "shutdown_reply", content);
        iopub.status(request, "idle");
        exit.accept(replyChannel);
        return false;
    }
}
