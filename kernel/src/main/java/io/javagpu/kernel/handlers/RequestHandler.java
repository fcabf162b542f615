package io.javagpu.kernel.handlers;

import io.javagpu.kernel.protocol.Channel;
import io.javagpu.kernel.protocol.Message;

/** Answers one kind of request on the channel it came from. */
@FunctionalInterface
public interface RequestHandler {
    /** Returns true when the execute requests already queued must be aborted (a failed cell with stop_on_error). */
    boolean handle(Message request, Channel replyChannel) throws Exception;
}
