package io.javagpu.kernel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.evaluation.Interrupts;
import io.javagpu.kernel.output.NotebookInputStream;
import io.javagpu.kernel.protocol.Channel;
import io.javagpu.kernel.logging.KernelLog;
import io.javagpu.kernel.protocol.MalformedMessageException;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;

/**
 * Reads a line for notebook code over the stdin channel (input_request / input_reply). Whichever thread reads
 * System.in holds this object's lock while it uses the socket. The socket has a receive timeout so that an
 * interrupt is noticed while the user has not answered.
 */
public final class StdinRequester implements NotebookInputStream.LineSource {
    private final Channel channel;
    private final KernelSession session;
    private final Interrupts interrupts;

    public StdinRequester(Channel channel, KernelSession session, Interrupts interrupts) {
        this.channel = channel;
        this.session = session;
        this.interrupts = interrupts;
        channel.socket().setReceiveTimeOut(200);
    }

    @Override
    public synchronized String readLine(String prompt) throws IOException {
        Message parent = session.currentRequest();
        if (parent == null || !session.allowStdin()) {
            throw new io.javagpu.kernel.output.StdinUnavailableException("Reading System.in is not possible here: this front end does not accept input "
                    + "(allow_stdin is false). Run the cell from a notebook front end that supports input.");
        }
        session.output().flush();
        ObjectNode content = MessageFactory.object();
        content.put("prompt", prompt);
        content.put("password", false);
        channel.send(session.messages().request(parent, "input_request", content));
        while (true) {
            if (interrupts.isRequested()) throw new InterruptedIOException("input interrupted");
            List<byte[]> frames = channel.receiveFrames(true);
            if (frames == null) continue;
            try {
                Message reply = channel.decode(frames);
                if (reply.type().equals("input_reply")) return reply.content().path("value").asText("");
                KernelLog.warn("stdin: ignoring " + reply.type());
            } catch (MalformedMessageException e) {
                KernelLog.warn("stdin: ignoring malformed message: " + e.getMessage());
            }
        }
    }
}
