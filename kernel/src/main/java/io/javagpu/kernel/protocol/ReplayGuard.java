package io.javagpu.kernel.protocol;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Remembers recent signatures so that a replayed message is refused. Bounded: oldest are forgotten first. */
final class ReplayGuard {
    private final Map<ByteBuffer, Boolean> seen;

    ReplayGuard(int capacity) {
        this.seen = new LinkedHashMap<>(capacity * 2, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized boolean firstSeen(byte[] signature) {
        return seen.put(ByteBuffer.wrap(signature.clone()), Boolean.TRUE) == null;
    }
}
