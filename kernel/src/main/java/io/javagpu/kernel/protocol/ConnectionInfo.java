package io.javagpu.kernel.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;

/** The connection file a Jupyter client writes for the kernel. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectionInfo(
        @JsonProperty("transport") String transport,
        @JsonProperty("ip") String ip,
        @JsonProperty("shell_port") int shellPort,
        @JsonProperty("control_port") int controlPort,
        @JsonProperty("iopub_port") int iopubPort,
        @JsonProperty("stdin_port") int stdinPort,
        @JsonProperty("hb_port") int heartbeatPort,
        @JsonProperty("key") String key,
        @JsonProperty("signature_scheme") String signatureScheme) {

    public static ConnectionInfo read(Path file) throws IOException {
        return new ObjectMapper().readValue(file.toFile(), ConnectionInfo.class);
    }

    public String address(int port) {
        String scheme = transport == null ? "tcp" : transport;
        return "ipc".equals(scheme) ? scheme + "://" + ip + "-" + port : scheme + "://" + ip + ":" + port;
    }
}
