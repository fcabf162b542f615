package io.javagpu.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where broadcast messages go: the iopub channel in the kernel, a list in handler tests. */
@FunctionalInterface
public interface Publisher {
    void publish(Message parent, String msgType, ObjectNode content);

    default void status(Message parent, String executionState) {
        ObjectNode content = MessageFactory.object();
        content.put("execution_state", executionState);
        publish(parent, "status", content);
    }
}
