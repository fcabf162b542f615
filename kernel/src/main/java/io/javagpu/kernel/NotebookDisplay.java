package io.javagpu.kernel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javagpu.display.DisplaySink;
import io.javagpu.display.MimeBundle;
import io.javagpu.kernel.protocol.JsonFrames;
import io.javagpu.kernel.protocol.MessageFactory;

import java.util.Map;

/** Sends display_data, update_display_data and clear_output for the current request, after pending output. */
public final class NotebookDisplay implements DisplaySink {
    private final KernelSession session;

    public NotebookDisplay(KernelSession session) {
        this.session = session;
    }

    @Override
    public void display(MimeBundle bundle, String displayId) {
        publish("display_data", bundle, displayId);
    }

    @Override
    public void update(MimeBundle bundle, String displayId) {
        publish("update_display_data", bundle, displayId);
    }

    @Override
    public void clearOutput(boolean wait) {
        session.output().flush();
        if (session.isSilent()) return;
        ObjectNode content = MessageFactory.object();
        content.put("wait", wait);
        session.iopub().publish(session.currentRequest(), "clear_output", content);
    }

    private void publish(String msgType, MimeBundle bundle, String displayId) {
        session.output().flush();
        if (session.isSilent()) return;
        ObjectNode content = bundleContent(bundle);
        ObjectNode transientPart = content.putObject("transient");
        if (displayId != null) transientPart.put("display_id", displayId);
        session.iopub().publish(session.currentRequest(), msgType, content);
    }

    /** {data, metadata} of a bundle, as display_data and execute_result carry them. */
    public static ObjectNode bundleContent(MimeBundle bundle) {
        ObjectNode content = MessageFactory.object();
        content.set("data", tree(bundle.data()));
        content.set("metadata", tree(bundle.metadata()));
        return content;
    }

    /** Text values, nearly all of them, go in as they are; nested JSON (Vega-Lite, metadata) as {@link JsonFrames#tree} makes it. */
    private static ObjectNode tree(Map<String, Object> values) {
        ObjectNode node = MessageFactory.object();
        values.forEach((key, value) -> {
            if (value instanceof String text) {
                node.put(key, text);
            } else {
                node.set(key, JsonFrames.tree(value));
            }
        });
        return node;
    }
}
