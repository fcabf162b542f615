package io.javagpu.kernel;

import io.javagpu.kernel.output.OutputCoalescer;
import io.javagpu.kernel.protocol.Publisher;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;

/**
 * State shared by the channels: the request whose output is being produced (output from any thread goes to it),
 * whether it allows stdin, and the output coalescer.
 */
public final class KernelSession {
    private final MessageFactory messages;
    private final Publisher iopub;
    private final OutputCoalescer output;
    private volatile Message currentRequest;
    private volatile boolean allowStdin;
    private volatile boolean silent;

    public KernelSession(MessageFactory messages, Publisher iopub) {
        this.messages = messages;
        this.iopub = iopub;
        this.output = new OutputCoalescer(this::publishStream, 20, 64 * 1024);
    }

    private void publishStream(String streamName, String text) {
        if (silent) return;
        var content = MessageFactory.object();
        content.put("name", streamName);
        content.put("text", text);
        iopub.publish(currentRequest, "stream", content);
    }

    public MessageFactory messages() {
        return messages;
    }

    public Publisher iopub() {
        return iopub;
    }

    public OutputCoalescer output() {
        return output;
    }

    public Message currentRequest() {
        return currentRequest;
    }

    public boolean allowStdin() {
        return allowStdin;
    }

    /**
     * Output printed from now on belongs to {@code request}; what was printed before is sent first. A silent
     * request publishes no output at all.
     */
    public void beginRequest(Message request, boolean stdinAllowed, boolean silentRequest) {
        output.flush();
        currentRequest = request;
        allowStdin = stdinAllowed;
        silent = silentRequest;
    }

    public boolean isSilent() {
        return silent;
    }

    public void endRequest() {
        output.flush();
        allowStdin = false;
    }
}
