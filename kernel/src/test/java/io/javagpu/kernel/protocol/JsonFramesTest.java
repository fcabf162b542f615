package io.javagpu.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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

    @Test
    void displayValuesBecomeTheTreesTheMapperMakes() throws IOException {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("$schema", "https://vega.github.io/schema/vega-lite/v5.json");
        chart.put("values", List.of(Map.of("n", 128, "ms", 0.25, "big", 12345678901L), Map.of("n", (short) 3, "ok", true)));
        chart.put("nothing", null);
        chart.put("ints", new int[] {1, 2});
        chart.put("doubles", new double[] {0.5, Double.NaN});
        chart.put("objects", new Object[] {"a", 'b', (byte) 7, List.of()});
        chart.put("chars", new char[] {'h', 'i'});
        chart.put("bytes", new byte[] {1, 2, 3});
        chart.put("float", 0.1f);
        chart.put("decimal", new BigDecimal("1.10"));
        chart.put("keyedByNumber", Map.of(1, "one"));
        chart.put("set", new java.util.TreeSet<>(List.of("x", "y")));
        chart.put("record", new Point(1, 2));
        chart.put("tree", JsonFrames.mapper().readTree(SAMPLE));
        JsonNode byMapper = JsonFrames.mapper().valueToTree(chart);
        JsonNode here = JsonFrames.tree(chart);
        assertEquals(byMapper, here);
        assertEquals(new String(JsonFrames.write(byMapper), StandardCharsets.UTF_8), new String(JsonFrames.write(here), StandardCharsets.UTF_8));
    }

    public record Point(int x, int y) {
    }
}
