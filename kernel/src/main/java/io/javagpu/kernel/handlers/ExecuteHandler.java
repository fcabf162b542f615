package io.javagpu.kernel.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.display.MimeBundle;
import io.javagpu.display.Renderers;
import io.javagpu.kernel.KernelSession;
import io.javagpu.kernel.NotebookDisplay;
import io.javagpu.kernel.evaluation.CellError;
import io.javagpu.kernel.evaluation.EvaluatedValue;
import io.javagpu.kernel.evaluation.Interrupts;
import io.javagpu.kernel.evaluation.JShellEvaluator;
import io.javagpu.kernel.evaluation.NotebookRuntime;
import io.javagpu.kernel.evaluation.RuntimeLauncher;
import io.javagpu.kernel.protocol.Channel;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * execute_request: execute_input, the cell's output, execute_result or error, the reply. Counts executions and
 * keeps history only for non-silent requests that store history.
 */
public final class ExecuteHandler implements RequestHandler {
    private final KernelSession session;
    private final RuntimeLauncher runtime;
    private final Interrupts interrupts;
    private final ExecutionHistory history;
    private int executionCount;

    public ExecuteHandler(KernelSession session, RuntimeLauncher runtime, Interrupts interrupts,
                          ExecutionHistory history) {
        this.session = session;
        this.runtime = runtime;
        this.interrupts = interrupts;
        this.history = history;
    }

    @Override
    public boolean handle(Message request, Channel replyChannel) {
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
        boolean failed = false;
        session.beginRequest(request, content.path("allow_stdin").asBoolean(false), silent);
        interrupts.beginCell(Thread.currentThread());
        try {
            NotebookRuntime notebook = runtime.await();
            Optional<String> helpTarget = HelpQuery.target(code);
            ArrayNode payload = MessageFactory.object().arrayNode();
            if (helpTarget.isPresent()) {
                payload.add(pagerPayload(notebook, helpTarget.get()));
            } else {
                Optional<EvaluatedValue> value = notebook.runner().run(code);
                session.output().flush();
                if (!silent && value.isPresent()) publishResult(request, count, render(value.get(), notebook.evaluator()));
            }
            reply.put("status", "ok");
            reply.put("execution_count", count);
            reply.set("user_expressions", userExpressions(content.path("user_expressions"), notebook.evaluator()));
            reply.set("payload", payload);
        } catch (CellError error) {
            failed = true;
            session.output().flush();
            ObjectNode errorContent = errorContent(error);
            if (!silent) session.iopub().publish(request, "error", errorContent.deepCopy());
            reply.put("status", "error");
            reply.put("execution_count", count);
            reply.setAll(errorContent);
            reply.putObject("user_expressions");
            reply.putArray("payload");
        } finally {
            interrupts.endCell();
            session.endRequest();
        }
        replyChannel.send(session.messages().reply(request, "execute_reply", reply));
        return failed && stopOnError;
    }

    /** Documentation for the pager, as IPython answers {@code name?}. */
    private static ObjectNode pagerPayload(NotebookRuntime notebook, String target) {
        String text = InspectHandler.describe(notebook, target, target.length(), true);
        ObjectNode page = MessageFactory.object();
        page.put("source", "page");
        page.putObject("data").put("text/plain", text.isEmpty() ? "No documentation found for " + target : text);
        page.put("start", 0);
        return page;
    }

    private void publishResult(Message request, int count, MimeBundle bundle) {
        ObjectNode result = NotebookDisplay.bundleContent(bundle);
        result.put("execution_count", count);
        session.iopub().publish(request, "execute_result", result);
    }

    /** JShell's text for simple values; for objects, the display renderer when one knows the type. */
    static MimeBundle render(EvaluatedValue value, JShellEvaluator evaluator) {
        if (!value.isPlain()) {
            try {
                Object object = evaluator.objectOf(value.variableName());
                if (Renderers.hasRichRenderer(object)) return Renderers.render(object);
            } catch (CellError | RuntimeException e) {
                // the plain text below is still right
            }
        }
        return MimeBundle.text(value.text());
    }

    private static ObjectNode userExpressions(com.fasterxml.jackson.databind.JsonNode expressions, JShellEvaluator evaluator) {
        ObjectNode results = MessageFactory.object();
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = expressions.fields(); it.hasNext(); ) {
            Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> entry = it.next();
            ObjectNode result = results.putObject(entry.getKey());
            try {
                Optional<EvaluatedValue> value = evaluator.evaluate(entry.getValue().asText(""), 0);
                result.put("status", "ok");
                result.setAll(NotebookDisplay.bundleContent(value.map(v -> render(v, evaluator)).orElse(MimeBundle.text(""))));
            } catch (CellError error) {
                result.put("status", "error");
                result.setAll(errorContent(error));
            }
        }
        return results;
    }

    static ObjectNode errorContent(CellError error) {
        ObjectNode content = MessageFactory.object();
        content.put("ename", error.errorName());
        content.put("evalue", error.errorValue());
        ArrayNode traceback = content.putArray("traceback");
        error.traceback().forEach(traceback::add);
        return content;
    }
}
