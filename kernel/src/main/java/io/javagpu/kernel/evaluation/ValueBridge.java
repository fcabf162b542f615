package io.javagpu.kernel.evaluation;

/**
 * Carries one object out of notebook code to the kernel: the kernel evaluates
 * {@code io.javagpu.kernel.evaluation.ValueBridge.park(expr);} and then takes the object. Evaluation is serial,
 * so one slot is enough.
 */
public final class ValueBridge {
    private static Object parked;

    private ValueBridge() {
    }

    public static synchronized void park(Object value) {
        parked = value;
    }

    static synchronized Object take() {
        Object value = parked;
        parked = null;
        return value;
    }
}
