package io.javagpu.kernel.handlers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.evaluation.Completeness;
import io.javagpu.kernel.evaluation.JavaInterpreter;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;

/** is_complete_request: complete, incomplete (with an indent) or invalid. */
public final class IsCompleteHandler implements RequestHandler {
    private final JavaInterpreter interpreter;

    public IsCompleteHandler(JavaInterpreter interpreter) {
        this.interpreter = interpreter;
    }

    @Override
    public Reply handle(Message request) throws Exception {
        Completeness completeness = interpreter.isComplete(request.content().path("code").asText(""));
        ObjectNode content = MessageFactory.object();
        content.put("status", completeness.status());
        if (completeness.status().equals("incomplete")) content.put("indent", completeness.indent());
        return Reply.of(content);
    }
}
