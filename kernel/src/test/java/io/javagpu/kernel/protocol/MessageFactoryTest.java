package io.javagpu.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageFactoryTest {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");

    @Test
    void headersCarryUniqueIdsOfTheirSessionAndMicrosecondDates() {
        MessageFactory messages = new MessageFactory();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ObjectNode header = messages.header("status");
            assertTrue(ids.add(header.path("msg_id").asText()), "duplicate msg_id");
            assertTrue(header.path("msg_id").asText().startsWith(messages.session() + "_"));
            assertEquals(messages.session(), header.path("session").asText());
            assertTrue(DATE.matcher(header.path("date").asText()).matches(), header.path("date").asText());
            assertEquals("5.3", header.path("version").asText());
        }
        assertNotEquals(messages.session(), new MessageFactory().session(), "each kernel has its own session");
    }
}
