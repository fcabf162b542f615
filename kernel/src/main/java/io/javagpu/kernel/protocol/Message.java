package io.javagpu.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * One Jupyter message. {@code parentHeader} is kept as received so that replies can copy it verbatim.
 */
public record Message(List<byte[]> identities, ObjectNode header, ObjectNode parentHeader, ObjectNode metadata,
                      ObjectNode content, List<byte[]> buffers) {

    public String type() {
        return header.path("msg_type").asText("");
    }

    public String id() {
        return header.path("msg_id").asText("");
    }
}
