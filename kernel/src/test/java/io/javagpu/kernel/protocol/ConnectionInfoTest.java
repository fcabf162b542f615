package io.javagpu.kernel.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionInfoTest {
    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        return Files.writeString(dir.resolve("kernel.json"), json);
    }

    @Test
    void readsWhatAClientWritesAndSkipsTheRest() throws IOException {
        ConnectionInfo info = ConnectionInfo.read(file("""
                {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005,
                 "ip": "127.0.0.1", "key": "a0b1-c2", "transport": "tcp", "signature_scheme": "hmac-sha256",
                 "kernel_name": "java-gpu", "extra": {"nested": [1, 2, {"deep": true}]}, "jupyter_session": null}
                """));
        assertEquals(new ConnectionInfo("tcp", "127.0.0.1", 5001, 5004, 5002, 5003, 5005, "a0b1-c2", "hmac-sha256"), info);
        assertEquals("tcp://127.0.0.1:5002", info.address(info.iopubPort()));
    }

    @Test
    void missingFieldsStayEmptyAndIpcAddressesUseTheirOwnForm() throws IOException {
        ConnectionInfo info = ConnectionInfo.read(file("{\"transport\": \"ipc\", \"ip\": \"/tmp/k\", \"shell_port\": 3}"));
        assertNull(info.key());
        assertEquals(0, info.heartbeatPort());
        assertEquals("ipc:///tmp/k-3", info.address(info.shellPort()));
    }

    @Test
    void badFilesAreRefusedClearly() throws IOException {
        assertTrue(assertThrows(IOException.class, () -> ConnectionInfo.read(file("[1, 2]")))
                .getMessage().contains("not a JSON object"));
        assertTrue(assertThrows(IOException.class, () -> ConnectionInfo.read(file("{\"shell_port\": \"high\"}")))
                .getMessage().contains("shell_port"));
        assertThrows(IOException.class, () -> ConnectionInfo.read(file("{\"shell_port\": ")));
    }
}
