package io.javagpu.kernel.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.display.MimeBundle;
import io.javagpu.kernel.KernelSession;
import io.javagpu.kernel.NotebookDisplay;
import io.javagpu.kernel.evaluation.Inspection;
import io.javagpu.kernel.evaluation.JavaInterpreter;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;
import io.javagpu.magics.EvaluationException;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * execute_request: execute_input, the cell's output, execute_result or error, the reply. Counts executions and
 * keeps history only for non-silent requests that store history.
 */
public final class ExecuteHandler implements RequestHandler {
    private final KernelSession session;
    private final JavaInterpreter interpreter;
    private final ExecutionHistory history;
    private int executionCount;

    public ExecuteHandler(KernelSession session, JavaInterpreter interpreter, ExecutionHistory history) {
        this.session = session;
        this.interpreter = interpreter;
        this.history = history;
    }

    @Override
    public Reply handle(Message request) {
        ObjectNode content = request.content();
        String code = content.path("code").asText("");
        boolean silent = content.path("silent").asBoolean(false);
        boolean storeHistory = !silent && content.path("store_history").asBoolean(true);
        boolean stopOnError = content.path("stop_on_error").asBoolean(true);
        if (storeHistory) {
            executionCount++;
            history.add(executionCount, code);
        }
        int count = executionCount;
        if (!silent) {
            ObjectNode input = MessageFactory.object();
            input.put("code", code);
            input.put("execution_count", count);
            session.iopub().publish(request, "execute_input", input);
        }
        ObjectNode reply = MessageFactory.object();
        session.beginRequest(request, content.path("allow_stdin").asBoolean(false), silent);
        try {
            ArrayNode payload = MessageFactory.object().arrayNode();
            Optional<String> helpTarget = HelpQuery.target(code);
            if (helpTarget.isPresent()) {
                payload.add(pagerPayload(helpTarget.get(), interpreter.help(helpTarget.get())));
            } else {
                Optional<MimeBundle> value = interpreter.execute(code);
                session.output().flush();
                if (!silent && value.isPresent()) publishResult(request, count, value.get());
            }
            reply.put("status", "ok");
            reply.put("execution_count", count);
            reply.set("user_expressions", userExpressions(content.path("user_expressions")));
            reply.set("payload", payload);
            return Reply.of(reply);
        } catch (EvaluationException error) {
            session.output().flush();
            ObjectNode errorContent = errorContent(error);
            if (!silent) session.iopub().publish(request, "error", errorContent.deepCopy());
            reply.put("status", "error");
            reply.put("execution_count", count);
            reply.setAll(errorContent);
            reply.putObject("user_expressions");
            reply.putArray("payload");
            return new Reply(reply, stopOnError, channel -> { });
        } finally {
            session.endRequest();
        }
    }

    private static ObjectNode pagerPayload(String target, Inspection inspection) {
        ObjectNode page = MessageFactory.object();
        page.put("source", "page");
        page.putObject("data").put("text/plain", inspection.found() ? inspection.text() : "No documentation found for " + target);
        page.put("start", 0);
        return page;
    }

    private void publishResult(Message request, int count, MimeBundle bundle) {
        ObjectNode result = NotebookDisplay.bundleContent(bundle);
        result.put("execution_count", count);
        session.iopub().publish(request, "execute_result", result);
    }

    private ObjectNode userExpressions(JsonNode expressions) {
        ObjectNode results = MessageFactory.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = expressions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            ObjectNode result = results.putObject(entry.getKey());
            try {
                MimeBundle value = interpreter.evaluateExpression(entry.getValue().asText(""));
                result.put("status", "ok");
                result.setAll(NotebookDisplay.bundleContent(value));
            } catch (EvaluationException error) {
                result.put("status", "error");
                result.setAll(errorContent(error));
            }
        }
        return results;
    }

    static ObjectNode errorContent(EvaluationException error) {
        ObjectNode content = MessageFactory.object();
        content.put("ename", error.errorName());
        content.put("evalue", error.errorValue());
        ArrayNode traceback = content.putArray("traceback");
        error.traceback().forEach(traceback::add);
        return content;
    }
}
