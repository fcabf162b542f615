package io.javagpu.kernel.handlers;

import io.javagpu.kernel.protocol.Message;

/** Answers one kind of request: turns its content into a call and the outcome into reply content. */
@FunctionalInterface
public interface RequestHandler {
    Reply handle(Message request) throws Exception;
}
