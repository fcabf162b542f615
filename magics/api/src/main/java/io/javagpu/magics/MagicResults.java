package io.javagpu.magics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands a magic's result to the JShell expression that used it ({@code var r = %gpu matmul 512}): the kernel runs
 * the magic, parks the result here, and evaluates {@code var r = (Type) io.javagpu.magics.MagicResults.take(id);}.
 */
public final class MagicResults {
    private static final Map<Long, Object> PARKED = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_ID = new AtomicLong();

    private MagicResults() {
    }

    public static long park(Object result) {
        long id = NEXT_ID.incrementAndGet();
        PARKED.put(id, result == null ? NullResult.INSTANCE : result);
        return id;
    }

    public static Object take(long id) {
        Object result = PARKED.remove(id);
        return result == NullResult.INSTANCE ? null : result;
    }

    private enum NullResult { INSTANCE }
}
