package io.javagpu.kernel.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.evaluation.CellError;
import io.javagpu.kernel.evaluation.NotebookRuntime;
import io.javagpu.kernel.evaluation.RuntimeLauncher;
import io.javagpu.kernel.evaluation.SourcePositions;
import io.javagpu.kernel.protocol.Channel;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;
import jdk.jshell.SourceCodeAnalysis;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** complete_request: magic names after % or %%, JShell's suggestions elsewhere. Cursors count code points. */
public final class CompleteHandler implements RequestHandler {
    private static final Pattern MAGIC_PREFIX = Pattern.compile("^\\s*%%?([\\w.-]*)$");
    private final MessageFactory messages;
    private final RuntimeLauncher runtime;

    public CompleteHandler(MessageFactory messages, RuntimeLauncher runtime) {
        this.messages = messages;
        this.runtime = runtime;
    }

    @Override
    public boolean handle(Message request, Channel replyChannel) throws CellError {
        String code = request.content().path("code").asText("");
        int cursorPoints = request.content().path("cursor_pos").asInt(code.codePointCount(0, code.length()));
        int cursor = SourcePositions.charIndex(code, cursorPoints);
        NotebookRuntime notebook = runtime.await();
        Set<String> matches = new LinkedHashSet<>();
        int start;
        String linePrefix = code.substring(code.lastIndexOf('\n', cursor - 1) + 1, cursor);
        Matcher magic = MAGIC_PREFIX.matcher(linePrefix);
        if (magic.matches()) {
            matches.addAll(notebook.registry().complete(magic.group(1)));
            start = cursor - magic.group(1).length();
        } else {
            int[] anchor = new int[1];
            List<SourceCodeAnalysis.Suggestion> suggestions =
                    notebook.evaluator().analysis().completionSuggestions(code, cursor, anchor);
            suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                    .forEach(s -> matches.add(s.continuation()));
            suggestions.forEach(s -> matches.add(s.continuation()));
            start = anchor[0];
        }
        ObjectNode content = MessageFactory.object();
        content.put("status", "ok");
        ArrayNode list = content.putArray("matches");
        matches.forEach(list::add);
        content.put("cursor_start", SourcePositions.codePointOffset(code, start));
        content.put("cursor_end", SourcePositions.codePointOffset(code, cursor));
        content.putObject("metadata");
        replyChannel.send(messages.reply(request, "complete_reply", content));
        return false;
    }
}
