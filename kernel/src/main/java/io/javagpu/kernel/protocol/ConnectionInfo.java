package io.javagpu.kernel.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The connection file a Jupyter client writes for the kernel. */
public record ConnectionInfo(
        String transport,
        String ip,
        int shellPort,
        int controlPort,
        int iopubPort,
        int stdinPort,
        int heartbeatPort,
        String key,
        String signatureScheme) {

    /**
     * Read with Jackson's streaming parser rather than an ObjectMapper: building a mapper initialises some 600
     * classes (~150 ms at kernel start), which a thread of its own does meanwhile for the messages. Unknown fields
     * are skipped.
     */
    public static ConnectionInfo read(Path file) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) throw new IOException(file + " is not a JSON object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isScalarValue()) {
                    fields.put(name, value == JsonToken.VALUE_NULL ? null : parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        }
        return new ConnectionInfo(fields.get("transport"), fields.get("ip"),
                port(fields, "shell_port"), port(fields, "control_port"), port(fields, "iopub_port"),
                port(fields, "stdin_port"), port(fields, "hb_port"), fields.get("key"), fields.get("signature_scheme"));
    }

    private static int port(Map<String, String> fields, String name) throws IOException {
        String value = fields.get(name);
        if (value == null) return 0;
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IOException("connection file: " + name + " is not a port number: " + value, e);
        }
    }

    public String address(int port) {
        String scheme = transport == null ? "tcp" : transport;
        return "ipc".equals(scheme) ? scheme + "://" + ip + "-" + port : scheme + "://" + ip + ":" + port;
    }
}
