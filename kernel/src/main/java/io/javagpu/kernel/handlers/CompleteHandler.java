package io.javagpu.kernel.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.evaluation.Completion;
import io.javagpu.kernel.evaluation.JavaInterpreter;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;

/** complete_request: the interpreter's completions at the cursor (code points). */
public final class CompleteHandler implements RequestHandler {
    private final JavaInterpreter interpreter;

    public CompleteHandler(JavaInterpreter interpreter) {
        this.interpreter = interpreter;
    }

    @Override
    public Reply handle(Message request) throws Exception {
        String code = request.content().path("code").asText("");
        int cursor = request.content().path("cursor_pos").asInt(code.codePointCount(0, code.length()));
        Completion completion = interpreter.complete(code, cursor);
        ObjectNode content = MessageFactory.object();
        content.put("status", "ok");
        ArrayNode list = content.putArray("matches");
        completion.matches().forEach(list::add);
        content.put("cursor_start", completion.start());
        content.put("cursor_end", completion.end());
        content.putObject("metadata");
        return Reply.of(content);
    }
}
