package io.javagpu.magics.builtin;

import io.javagpu.display.Durations;

import java.time.Duration;

/** What %time measured: the value of the timed code (null for statements), wall-clock time and process CPU time. */
public record TimeResult(Object value, Duration wall, Duration cpu) {
    @Override
    public String toString() {
        return "CPU time: " + Durations.format(cpu.toNanos()) + ", Wall time: " + Durations.format(wall.toNanos());
    }
}
