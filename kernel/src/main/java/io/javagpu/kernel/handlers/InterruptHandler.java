package io.javagpu.kernel.handlers;

import io.javagpu.kernel.evaluation.Interrupts;
import io.javagpu.kernel.protocol.Channel;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;

/** interrupt_request (control channel, interrupt_mode "message"): stops the running cell. */
public final class InterruptHandler implements RequestHandler {
    private final MessageFactory messages;
    private final Interrupts interrupts;

    public InterruptHandler(MessageFactory messages, Interrupts interrupts) {
        this.messages = messages;
        this.interrupts = interrupts;
    }

    @Override
    public boolean handle(Message request, Channel replyChannel) {
        interrupts.interrupt();
        var content = MessageFactory.object();
        content.put("status", "ok");
        replyChannel.send(messages.reply(request, "interrupt_reply", content));
        return false;
    }
}
