package io.javagpu.magics.builtin;

import java.time.Duration;

/** What %time measured: the value of the timed code (null for statements), wall-clock time and process CPU time. */
public record TimeResult(Object value, Duration wall, Duration cpu) {
    @Override
    public String toString() {
        return "CPU time: " + TimeFormat.format(cpu.toNanos()) + ", Wall time: " + TimeFormat.format(wall.toNanos());
    }
}
