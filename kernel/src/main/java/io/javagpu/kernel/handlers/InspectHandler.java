package io.javagpu.kernel.handlers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.evaluation.Inspection;
import io.javagpu.kernel.evaluation.JavaInterpreter;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;

/** inspect_request: signatures and javadoc at the cursor, or a variable's type and value. */
public final class InspectHandler implements RequestHandler {
    private final JavaInterpreter interpreter;

    public InspectHandler(JavaInterpreter interpreter) {
        this.interpreter = interpreter;
    }

    @Override
    public Reply handle(Message request) throws Exception {
        String code = request.content().path("code").asText("");
        int cursor = request.content().path("cursor_pos").asInt(code.codePointCount(0, code.length()));
        boolean detailed = request.content().path("detail_level").asInt(0) > 0;
        Inspection inspection = interpreter.inspect(code, cursor, detailed);
        ObjectNode content = MessageFactory.object();
        content.put("status", "ok");
        content.put("found", inspection.found());
        ObjectNode data = content.putObject("data");
        if (inspection.found()) data.put("text/plain", inspection.text());
        content.putObject("metadata");
        return Reply.of(content);
    }
}
