package io.javagpu.kernel.handlers;

import io.javagpu.kernel.evaluation.Interrupts;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;

/** interrupt_request (control channel, interrupt_mode "message"): stops the running cell. */
public final class InterruptHandler implements RequestHandler {
    private final Interrupts interrupts;

    public InterruptHandler(Interrupts interrupts) {
        this.interrupts = interrupts;
    }

    @Override
    public Reply handle(Message request) {
        interrupts.interrupt();
        var content = MessageFactory.object();
        content.put("status", "ok");
        return Reply.of(content);
    }
}
