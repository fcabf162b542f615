package io.javagpu.magics;

/**
 * Keeps the JIT from deleting code whose result nobody uses, for timing loops (%timeit): a timed expression's
 * value is consumed here. The comparison with two volatile fields that never hold the same value cannot be
 * proven false by the compiler, so the value must be computed, yet nothing is ever written.
 */
public final class Blackhole {
    private static volatile long first = 1;
    private static volatile long second = 2;
    private static volatile Object sink;

    private Blackhole() {
    }

    public static void consume(long value) {
        if (value == first && value == second) sink = value;
    }

    public static void consume(double value) {
        if (value == first && value == second) sink = value;
    }

    public static void consume(boolean value) {
        if (value && first == second) sink = value;
    }

    public static void consume(Object value) {
        if (value != null && first == second) sink = value;
    }
}
