package io.javagpu.kernel.handlers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.evaluation.CellError;
import io.javagpu.kernel.evaluation.NotebookRuntime;
import io.javagpu.kernel.evaluation.RuntimeLauncher;
import io.javagpu.kernel.evaluation.SourcePositions;
import io.javagpu.kernel.protocol.Channel;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;
import jdk.jshell.SourceCodeAnalysis;

import java.util.List;

/** inspect_request: JShell's signatures and javadoc at the cursor, or a variable's type and value. */
public final class InspectHandler implements RequestHandler {
    private final MessageFactory messages;
    private final RuntimeLauncher runtime;

    public InspectHandler(MessageFactory messages, RuntimeLauncher runtime) {
        this.messages = messages;
        this.runtime = runtime;
    }

    @Override
    public boolean handle(Message request, Channel replyChannel) throws CellError {
        String code = request.content().path("code").asText("");
        int cursor = SourcePositions.charIndex(code, request.content().path("cursor_pos").asInt(code.length()));
        boolean detailed = request.content().path("detail_level").asInt(0) > 0;
        String text = describe(runtime.await(), code, cursor, detailed);
        ObjectNode content = MessageFactory.object();
        content.put("status", "ok");
        content.put("found", !text.isEmpty());
        ObjectNode data = content.putObject("data");
        if (!text.isEmpty()) data.put("text/plain", text);
        content.putObject("metadata");
        replyChannel.send(messages.reply(request, "inspect_reply", content));
        return false;
    }

    static String describe(NotebookRuntime notebook, String code, int cursor, boolean detailed) {
        List<SourceCodeAnalysis.Documentation> docs =
                notebook.evaluator().analysis().documentation(code, cursor, true);
        if (!docs.isEmpty()) {
            StringBuilder text = new StringBuilder();
            for (SourceCodeAnalysis.Documentation doc : docs) {
                if (text.length() > 0) text.append("\n\n");
                text.append(doc.signature());
                if (doc.javadoc() != null && !doc.javadoc().isBlank()) {
                    String javadoc = doc.javadoc().strip();
                    text.append("\n").append(detailed || javadoc.length() < 2000 ? javadoc : javadoc.substring(0, 2000) + " …");
                }
            }
            return text.toString();
        }
        String word = wordBefore(code, cursor);
        if (word.isEmpty()) return "";
        String type = notebook.evaluator().variableTypes().get(word);
        if (type != null) return word + " : " + type + " = " + notebook.evaluator().variableValue(word);
        return "";
    }

    static String wordBefore(String code, int cursor) {
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
        int start = Math.min(cursor, code.length());
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) start--;
        return code.substring(start, end);
    }
}
