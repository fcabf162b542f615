package io.javagpu.kernel.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireCodecTest {
    private final MessageFactory messages = new MessageFactory();
    private final WireCodec codec = new WireCodec(new MessageSigner("hmac-sha256", "key"));

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Message request(String type) {
        ObjectNode header = messages.header(type);
        header.put("an_unknown_field", "kept");
        ObjectNode content = MessageFactory.object();
        content.put("code", "1+1");
        return new Message(List.of(bytes("client-id")), header, MessageFactory.object(), MessageFactory.object(), content, List.of());
    }

    @Test
    void encodeThenDecodeKeepsEverything() throws Exception {
        Message sent = request("execute_request");
        Message received = codec.decode(codec.encode(sent));
        assertEquals("execute_request", received.type());
        assertEquals(sent.header(), received.header());
        assertEquals("1+1", received.content().path("code").asText());
        assertArrayEquals(bytes("client-id"), received.identities().get(0));
    }

    @Test
    void replyCopiesTheRequestHeaderVerbatimAndRoutesToItsIdentities() throws Exception {
        Message request = codec.decode(codec.encode(request("kernel_info_request")));
        Message reply = messages.reply(request, "kernel_info_reply", MessageFactory.object());
        assertEquals(request.header(), reply.parentHeader());
        assertEquals("kept", reply.parentHeader().path("an_unknown_field").asText());
        assertArrayEquals(bytes("client-id"), reply.identities().get(0));
    }

    @Test
    void headerDateHasMicrosecondsAndAZone() {
        String date = messages.header("status").path("date").asText();
        assertTrue(Pattern.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z", date), date);
        assertEquals("5.3", messages.header("status").path("version").asText());
    }

    @Test
    void framesWithoutDelimiterAreMalformed() {
        assertThrows(MalformedMessageException.class, () -> codec.decode(List.of(bytes("garbage"), bytes("more"))));
    }

    @Test
    void tooFewFramesAreMalformed() {
        List<byte[]> frames = new ArrayList<>(codec.encode(request("kernel_info_request")));
        assertThrows(MalformedMessageException.class, () -> codec.decode(frames.subList(0, frames.size() - 1)));
    }

    @Test
    void badSignatureIsRefused() {
        List<byte[]> frames = new ArrayList<>(codec.encode(request("kernel_info_request")));
        frames.set(2, bytes("0".repeat(64)));
        assertThrows(MalformedMessageException.class, () -> codec.decode(frames));
        List<byte[]> otherKey = new WireCodec(new MessageSigner("hmac-sha256", "wrong")).encode(request("kernel_info_request"));
        assertThrows(MalformedMessageException.class, () -> codec.decode(otherKey));
    }

    @Test
    void replayedMessageIsRefused() throws Exception {
        List<byte[]> frames = codec.encode(request("kernel_info_request"));
        codec.decode(frames);
        MalformedMessageException replay = assertThrows(MalformedMessageException.class, () -> codec.decode(frames));
        assertTrue(replay.getMessage().contains("replayed"));
    }

    @Test
    void invalidJsonIsMalformedEvenWhenUnsigned() {
        WireCodec unsigned = new WireCodec(new MessageSigner("hmac-sha256", ""));
        List<byte[]> frames = List.of(WireCodec.DELIMITER, bytes(""), bytes("{not json"), bytes("{}"), bytes("{}"), bytes("{}"));
        assertThrows(MalformedMessageException.class, () -> unsigned.decode(frames));
        List<byte[]> array = List.of(WireCodec.DELIMITER, bytes(""), bytes("[1]"), bytes("{}"), bytes("{}"), bytes("{}"));
        assertThrows(MalformedMessageException.class, () -> unsigned.decode(array));
        List<byte[]> noType = List.of(WireCodec.DELIMITER, bytes(""), bytes("{\"msg_id\":\"x\"}"), bytes("{}"), bytes("{}"), bytes("{}"));
        assertThrows(MalformedMessageException.class, () -> unsigned.decode(noType));
    }

    @Test
    void buffersAfterContentAreKept() throws Exception {
        List<byte[]> frames = new ArrayList<>(codec.encode(request("comm_msg")));
        WireCodec unsigned = new WireCodec(new MessageSigner("", ""));
        List<byte[]> unsignedFrames = new ArrayList<>(unsigned.encode(request("comm_msg")));
        unsignedFrames.add(bytes("binary"));
        assertEquals(1, unsigned.decode(unsignedFrames).buffers().size());
        assertEquals(0, codec.decode(frames).buffers().size());
    }
}
