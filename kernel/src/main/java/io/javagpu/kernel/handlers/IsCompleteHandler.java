package io.javagpu.kernel.handlers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.evaluation.CellError;
import io.javagpu.kernel.evaluation.NotebookRuntime;
import io.javagpu.kernel.evaluation.RuntimeLauncher;
import io.javagpu.kernel.protocol.Channel;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;
import jdk.jshell.SourceCodeAnalysis;

import java.util.regex.Pattern;

/** is_complete_request: JShell's completeness analysis, snippet by snippet; magic lines count as complete. */
public final class IsCompleteHandler implements RequestHandler {
    private static final Pattern MAGIC_LINE = Pattern.compile("(?m)^\\s*%.*$");
    private final MessageFactory messages;
    private final RuntimeLauncher runtime;

    public IsCompleteHandler(MessageFactory messages, RuntimeLauncher runtime) {
        this.messages = messages;
        this.runtime = runtime;
    }

    @Override
    public boolean handle(Message request, Channel replyChannel) throws CellError {
        String code = request.content().path("code").asText("");
        ObjectNode content = MessageFactory.object();
        String status = code.stripLeading().startsWith("%%") ? "complete"
                : status(runtime.await().evaluator().analysis(), MAGIC_LINE.matcher(code).replaceAll(""));
        content.put("status", status);
        if (status.equals("incomplete")) content.put("indent", indentFor(code));
        replyChannel.send(messages.reply(request, "is_complete_reply", content));
        return false;
    }

    static String status(SourceCodeAnalysis analysis, String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case COMPLETE, COMPLETE_WITH_SEMI -> remaining = info.remaining();
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return "incomplete";
                }
                case EMPTY -> {
                    return "complete";
                }
                default -> {
                    return "invalid";
                }
            }
        }
        return "complete";
    }

    /** Four spaces per brace or parenthesis still open on the last lines. */
    static String indentFor(String code) {
        int depth = 0;
        for (char c : code.toCharArray()) {
            if (c == '{' || c == '(') depth++;
            else if ((c == '}' || c == ')') && depth > 0) depth--;
        }
        return "    ".repeat(Math.max(depth, 0));
    }
}
