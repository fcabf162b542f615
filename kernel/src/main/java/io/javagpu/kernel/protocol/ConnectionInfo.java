package io.javagpu.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /** Reads the file (see {@link JsonFrames} for why without an ObjectMapper); unknown fields are skipped. */
    public static ConnectionInfo read(Path file) throws IOException {
        JsonNode json = JsonFrames.read(Files.readAllBytes(file));
        if (json == null || !json.isObject()) throw new IOException(file + " is not a JSON object");
        return new ConnectionInfo(text(json, "transport"), text(json, "ip"),
                port(json, "shell_port"), port(json, "control_port"), port(json, "iopub_port"),
                port(json, "stdin_port"), port(json, "hb_port"), text(json, "key"), text(json, "signature_scheme"));
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static int port(JsonNode json, String field) throws IOException {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) return 0;
        if (value.canConvertToInt()) return value.intValue();
        try {
            return Integer.parseInt(value.asText().strip());
        } catch (NumberFormatException e) {
            throw new IOException("connection file: " + field + " is not a port number: " + value, e);
        }
    }

    public String address(int port) {
        String scheme = transport == null ? "tcp" : transport;
        return "ipc".equals(scheme) ? scheme + "://" + ip + "-" + port : scheme + "://" + ip + ":" + port;
    }
}
