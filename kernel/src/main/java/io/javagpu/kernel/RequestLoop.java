package io.javagpu.kernel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.handlers.RequestHandler;
import io.javagpu.kernel.protocol.Channel;
import io.javagpu.kernel.handlers.Reply;
import io.javagpu.kernel.protocol.Publisher;
import io.javagpu.kernel.logging.KernelLog;
import io.javagpu.kernel.protocol.MalformedMessageException;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;

import java.util.List;
import java.util.Map;

/**
 * Serves one ROUTER channel (shell or control) on its own thread: blocks on the socket, checks and decodes each
 * message, publishes busy, asks the handler for the reply content and sends the reply, publishes idle. Messages that
 * fail the signature check or cannot be parsed are logged and dropped without any reply. Nothing a handler throws
 * (a StackOverflowError or OutOfMemoryError included) ends the loop: the request gets an error reply.
 */
public final class RequestLoop implements Runnable {
    private final Channel channel;
    private final Map<String, RequestHandler> handlers;
    private final Publisher iopub;
    private final MessageFactory messages;

    public RequestLoop(Channel channel, Map<String, RequestHandler> handlers, Publisher iopub, MessageFactory messages) {
        this.channel = channel;
        this.handlers = Map.copyOf(handlers);
        this.iopub = iopub;
        this.messages = messages;
    }

    @Override
    public void run() {
        try {
            while (true) {
                List<byte[]> frames = channel.receiveFrames(true);
                if (frames == null) continue;
                Message message = decode(frames);
                if (message != null) dispatch(message);
            }
        } catch (RuntimeException closed) {
            KernelLog.debug(channel.name() + " loop ends: " + closed);
        } finally {
            channel.socket().close();
        }
    }

    private Message decode(List<byte[]> frames) {
        try {
            return channel.decode(frames);
        } catch (MalformedMessageException e) {
            KernelLog.warn(channel.name() + ": dropped a message: " + e.getMessage());
            return null;
        }
    }

    void dispatch(Message message) {
        iopub.status(message, "busy");
        Reply reply = Reply.none();
        try {
            RequestHandler handler = handlers.get(message.type());
            if (handler == null) {
                KernelLog.warn(channel.name() + ": no handler for " + message.type());
            } else {
                reply = handler.handle(message);
                if (reply.content() != null) channel.send(messages.reply(message, replyType(message), reply.content()));
                // Before idle: a client that sends its next cell when it sees idle must not have it aborted.
                if (reply.abortQueuedExecutes()) abortQueuedExecutes();
            }
        } catch (Throwable e) {
            KernelLog.warn(channel.name() + ": " + message.type() + " failed: " + e);
            replyWithError(message, e);
        } finally {
            iopub.status(message, "idle");
            KernelLog.debug(channel.name() + ": " + message.type() + " answered");
        }
        reply.afterIdle().accept(channel);
    }

    private static String replyType(Message request) {
        return request.type().replace("_request", "_reply");
    }

    /** A handler that failed unexpectedly still owes the client a reply, or the front end would wait forever. */
    private void replyWithError(Message request, Throwable error) {
        if (!request.type().endsWith("_request")) return;
        ObjectNode content = MessageFactory.object();
        content.put("status", "error");
        content.put("ename", error.getClass().getSimpleName());
        String message;
        try {
            message = String.valueOf(error.getMessage());
        } catch (Throwable failure) {
            message = "(its message could not be read)";
        }
        content.put("evalue", message);
        content.putArray("traceback").add(error.getClass().getName() + ": " + message);
        channel.send(messages.reply(request, replyType(request), content));
    }

    /** After a failed cell with stop_on_error: queued execute requests are aborted, the rest answered as usual. */
    private void abortQueuedExecutes() {
        List<byte[]> frames;
        while ((frames = channel.receiveFrames(false)) != null) {
            Message message = decode(frames);
            if (message == null) continue;
            if (!message.type().equals("execute_request")) {
                dispatch(message);
                continue;
            }
            iopub.status(message, "busy");
            ObjectNode content = MessageFactory.object();
            content.put("status", "aborted");
            channel.send(messages.reply(message, "execute_reply", content));
            iopub.status(message, "idle");
        }
    }
}
