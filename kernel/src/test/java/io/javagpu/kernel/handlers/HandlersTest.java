package io.javagpu.kernel.handlers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.kernel.KernelSession;
import io.javagpu.kernel.NotebookDisplay;
import io.javagpu.kernel.evaluation.JShellStart;
import io.javagpu.kernel.evaluation.JavaInterpreter;
import io.javagpu.kernel.protocol.Message;
import io.javagpu.kernel.protocol.MessageFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The handlers in process, without sockets: request content in, reply content and published messages out. */
class HandlersTest {
    private record Published(String type, ObjectNode content) {
    }

    private static final List<Published> published = new ArrayList<>();
    private static final MessageFactory client = new MessageFactory();
    private static KernelSession session;
    private static JavaInterpreter interpreter;

    @BeforeAll
    static void start() {
        session = new KernelSession(new MessageFactory(), (parent, type, content) -> {
            synchronized (published) {
                published.add(new Published(type, content));
            }
        });
        interpreter = new JavaInterpreter(new NotebookDisplay(session), JShellStart.begin());
        interpreter.start();
    }

    private static Message request(String type, ObjectNode content) {
        return new Message(List.of(), client.header(type), MessageFactory.object(), MessageFactory.object(), content, List.of());
    }

    private static List<Published> publishedOf(String type) {
        synchronized (published) {
            return published.stream().filter(p -> p.type().equals(type)).toList();
        }
    }

    @Test
    void executeRepliesWithTheCountAndPublishesInputAndResult() {
        ExecuteHandler handler = new ExecuteHandler(session, interpreter, new ExecutionHistory());
        Reply reply = handler.handle(request("execute_request", MessageFactory.object().put("code", "int six = 6;\nsix * 7")));
        assertEquals("ok", reply.content().path("status").asText());
        assertEquals(1, reply.content().path("execution_count").asInt());
        assertFalse(reply.abortQueuedExecutes());
        assertEquals("42", publishedOf("execute_result").get(publishedOf("execute_result").size() - 1)
                .content().path("data").path("text/plain").asText());
        assertTrue(publishedOf("execute_input").stream().anyMatch(p -> p.content().path("code").asText().contains("six * 7")));
    }

    @Test
    void aFailedCellAsksToAbortTheQueueOnlyWithStopOnError() {
        ExecuteHandler handler = new ExecuteHandler(session, interpreter, new ExecutionHistory());
        Reply failed = handler.handle(request("execute_request", MessageFactory.object().put("code", "throw new IllegalStateException(\"no\");")));
        assertEquals("error", failed.content().path("status").asText());
        assertEquals("java.lang.IllegalStateException", failed.content().path("ename").asText());
        assertTrue(failed.abortQueuedExecutes());
        Reply tolerated = handler.handle(request("execute_request", MessageFactory.object()
                .put("code", "undefinedName").put("stop_on_error", false)));
        assertEquals("CompilationError", tolerated.content().path("ename").asText());
        assertFalse(tolerated.abortQueuedExecutes());
    }

    @Test
    void aDisplayAsTheLastStatementShowsNoResult() {
        ExecuteHandler handler = new ExecuteHandler(session, interpreter, new ExecutionHistory());
        int results = publishedOf("execute_result").size();
        Reply reply = handler.handle(request("execute_request", MessageFactory.object().put("code", "display(\"shown\");")));
        assertEquals("ok", reply.content().path("status").asText());
        assertEquals(results, publishedOf("execute_result").size());
        assertTrue(publishedOf("display_data").stream().anyMatch(p -> p.content().path("data").path("text/plain").asText().equals("shown")));
    }

    @Test
    void completeInspectAndIsComplete() throws Exception {
        ObjectNode complete = new CompleteHandler(interpreter).handle(request("complete_request",
                MessageFactory.object().put("code", "\"é\".len").put("cursor_pos", 7))).content();
        assertTrue(complete.path("matches").toString().contains("length()"), complete.toString());
        assertEquals(7, complete.path("cursor_end").asInt());
        assertEquals(4, complete.path("cursor_start").asInt());

        ObjectNode inspect = new InspectHandler(interpreter).handle(request("inspect_request",
                MessageFactory.object().put("code", "Math.max(").put("cursor_pos", 9))).content();
        assertTrue(inspect.path("found").asBoolean());
        assertTrue(inspect.path("data").path("text/plain").asText().contains("max"));

        IsCompleteHandler isComplete = new IsCompleteHandler(interpreter);
        assertEquals("incomplete", isComplete.handle(request("is_complete_request", MessageFactory.object().put("code", "for (;;) {")))
                .content().path("status").asText());
        assertEquals("invalid", isComplete.handle(request("is_complete_request", MessageFactory.object().put("code", "class {")))
                .content().path("status").asText());
        assertEquals("complete", isComplete.handle(request("is_complete_request", MessageFactory.object().put("code", "int x = 1;")))
                .content().path("status").asText());
        assertEquals("incomplete", isComplete.handle(request("is_complete_request", MessageFactory.object().put("code", "record(1,")))
                .content().path("status").asText(), "a call of a method named record may go on");
    }

    @Test
    void commOpenIsClosedOnIopubWithoutAReply() {
        Reply reply = new CommHandler(session.iopub()).handle(request("comm_open", MessageFactory.object().put("comm_id", "c1")));
        assertNull(reply.content());
        assertTrue(publishedOf("comm_close").stream().anyMatch(p -> p.content().path("comm_id").asText().equals("c1")));
    }

    @Test
    void historyAnswersFromWhatWasStored() {
        ExecutionHistory history = new ExecutionHistory();
        history.add(1, "int a = 1;");
        history.add(2, "a + 1");
        ObjectNode content = new HistoryHandler(history).handle(request("history_request",
                MessageFactory.object().put("hist_access_type", "tail").put("n", 1))).content();
        assertEquals("[[1,2,\"a + 1\"]]", content.path("history").toString());
    }
}
