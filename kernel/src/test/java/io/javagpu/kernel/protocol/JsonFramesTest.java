package io.javagpu.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The streaming codec reads and writes what Jackson's ObjectMapper reads and writes. */
class JsonFramesTest {
    private static final String SAMPLE = "{\"s\":\"é \\\"q\\\" \\n ✓\",\"i\":42,\"l\":12345678901,"
            + "\"big\":123456789012345678901234567890,\"d\":1.5,\"e\":-2.5E-7,\"t\":true,\"f\":false,\"n\":null,"
            + "\"a\":[1,\"two\",[3],{\"four\":4}],\"o\":{\"nested\":{\"deep\":[]}},\"empty\":{}}";

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheSameTreeAsTheMapper() throws IOException {
        assertEquals(JsonFrames.mapper().readTree(SAMPLE), JsonFrames.read(utf8(SAMPLE)));
    }

    @Test
    void writesWhatTheMapperWrites() throws IOException {
        JsonNode tree = JsonFrames.mapper().readTree(SAMPLE);
        assertEquals(JsonFrames.mapper().writeValueAsString(tree), new String(JsonFrames.write(tree), StandardCharsets.UTF_8));
        ObjectNode built = MessageFactory.object();
        built.put("float", 0.25f).put("decimal", new BigDecimal("1.10")).put("bigint", new BigInteger("99999999999999999999"));
        built.putPOJO("pojo", Map.of("k", List.of(1, 2)));
        built.put("bytes", new byte[] {1, 2, 3});
        assertEquals(JsonFrames.mapper().writeValueAsString(built), new String(JsonFrames.write(built), StandardCharsets.UTF_8));
    }

    @Test
    void emptyFramesAreNothingAndBrokenOnesAreRefused() throws IOException {
        assertNull(JsonFrames.read(new byte[0]));
        assertThrows(IOException.class, () -> JsonFrames.read(utf8("{\"a\": ")));
        assertThrows(IOException.class, () -> JsonFrames.read(utf8("{\"a\": 1} trailing")));
        assertThrows(IOException.class, () -> JsonFrames.read(utf8("{a: 1}")));
        assertThrows(IOException.class, () -> JsonFrames.read(utf8("[".repeat(5000))));
    }
}
