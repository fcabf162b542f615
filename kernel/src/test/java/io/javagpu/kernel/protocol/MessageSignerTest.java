package io.javagpu.kernel.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageSignerTest {
    private static final List<byte[]> FRAMES = List.of(
            bytes("{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}"), bytes("{}"), bytes("{}"), bytes("{}"));

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sha256MatchesPythonHmac() {
        MessageSigner signer = new MessageSigner("hmac-sha256", "secret-key");
        assertEquals("d24613c901272087168eb7a17b371d2f54d14044dca08737846f4baf86191b6a", signer.sign(FRAMES));
    }

    @Test
    void otherHmacSchemesWork() {
        MessageSigner signer = new MessageSigner("hmac-sha512", "secret-key");
        assertEquals("eadbebc6673b8d877ec4b72fca11cbce8f676210b5f3c9478d12c3af2dd5cf5f"
                + "45edff0163de83b753cbd0b22dfb4473f7f993712be2e4d96cbb9a5b071fcd4d", signer.sign(FRAMES));
    }

    @Test
    void verifyRejectsTamperedFramesAndWrongSignatures() {
        MessageSigner signer = new MessageSigner("hmac-sha256", "secret-key");
        byte[] good = bytes(signer.sign(FRAMES));
        assertTrue(signer.verify(good, FRAMES));
        List<byte[]> tampered = List.of(FRAMES.get(0), bytes("{\"x\":1}"), FRAMES.get(2), FRAMES.get(3));
        assertFalse(signer.verify(good, tampered));
        assertFalse(new MessageSigner("hmac-sha256", "other-key").verify(good, FRAMES));
        assertFalse(signer.verify(bytes(""), FRAMES));
    }

    @Test
    void emptyKeyMeansUnsigned() {
        MessageSigner signer = new MessageSigner("hmac-sha256", "");
        assertFalse(signer.isSigning());
        assertEquals("", signer.sign(FRAMES));
        assertTrue(signer.verify(bytes("anything"), FRAMES));
    }

    @Test
    void unknownSchemeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MessageSigner("rsa-sha256", "k"));
        assertThrows(IllegalArgumentException.class, () -> new MessageSigner("hmac-nosuch", "k"));
    }
}
