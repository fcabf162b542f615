package io.javagpu.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers recent signatures so that a replayed message is refused. Bounded: oldest are forgotten first. The table
 * grows with the signatures it holds (a table sized for all of them at once took 0.5 MB of heap from the first
 * message).
 */
final class ReplayGuard {
    private final Map<String, Boolean> seen;

    ReplayGuard(int capacity) {
        this.seen = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether {@code signature} (its hex digits, as on the wire) is new; it is remembered from now on. */
    synchronized boolean firstSeen(byte[] signature) {
        return seen.put(new String(signature, StandardCharsets.ISO_8859_1), Boolean.TRUE) == null;
    }
}
