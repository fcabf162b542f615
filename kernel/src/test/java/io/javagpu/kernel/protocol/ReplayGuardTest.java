package io.javagpu.kernel.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayGuardTest {
    private static byte[] signature(String hex) {
        return hex.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aSignatureIsRefusedWhileRememberedAndTheOldestIsForgottenFirst() {
        ReplayGuard guard = new ReplayGuard(2);
        assertTrue(guard.firstSeen(signature("aa01")));
        assertTrue(guard.firstSeen(signature("bb02")));
        assertFalse(guard.firstSeen(signature("aa01")));
        assertTrue(guard.firstSeen(signature("cc03")));
        assertFalse(guard.firstSeen(signature("bb02")), "still among the two newest");
        assertTrue(guard.firstSeen(signature("aa01")), "the oldest was forgotten");
    }

    @Test
    void theGuardKeepsItsOwnCopyOfTheSignature() {
        ReplayGuard guard = new ReplayGuard(4);
        byte[] frame = signature("dd04");
        assertTrue(guard.firstSeen(frame));
        frame[0] = 'e';
        assertFalse(guard.firstSeen(signature("dd04")));
    }
}
