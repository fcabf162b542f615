package io.javagpu.kernel.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;

import java.util.List;

/** history_request: tail, range and search over this session's inputs. */
public final class HistoryHandler implements RequestHandler {
    private final ExecutionHistory history;

    public HistoryHandler(ExecutionHistory history) {
        this.history = history;
    }

    @Override
    public Reply handle(Message request) {
        ObjectNode query = request.content();
        String access = query.path("hist_access_type").asText("tail");
        List<ExecutionHistory.Entry> entries = switch (access) {
            case "range" -> history.range(query.path("start").asInt(0), query.path("stop").asInt(0));
            case "search" -> history.search(query.path("pattern").asText("*"), query.path("n").asInt(0),
                    query.path("unique").asBoolean(false));
            default -> history.tail(query.path("n").asInt(10));
        };
        boolean withOutput = query.path("output").asBoolean(false);
        ObjectNode content = MessageFactory.object();
        content.put("status", "ok");
        ArrayNode rows = content.putArray("history");
        for (ExecutionHistory.Entry entry : entries) {
            ArrayNode row = rows.addArray().add(ExecutionHistory.SESSION).add(entry.line());
            if (withOutput) row.addArray().add(entry.input()).addNull();
            else row.add(entry.input());
        }
        return Reply.of(content);
    }
}
