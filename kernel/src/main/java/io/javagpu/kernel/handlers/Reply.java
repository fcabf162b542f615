package io.javagpu.kernel.handlers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.protocol.Channel;

import java.util.function.Consumer;

/**
 * What a handler answers: the reply's content (sent as {@code <type>_reply} by the request loop), whether the execute
 * requests already queued must be aborted (a failed cell with stop_on_error), and what to do once idle is published
 * (shutdown ends the process; it is given the channel the request came on, which its thread owns).
 */
public record Reply(ObjectNode content, boolean abortQueuedExecutes, Consumer<Channel> afterIdle) {
    public static Reply of(ObjectNode content) {
        return new Reply(content, false, channel -> { });
    }

    /** For messages that get no reply (comm_msg, comm_close, comm_open answered on iopub). */
    public static Reply none() {
        return new Reply(null, false, channel -> { });
    }
}
