package io.javagpu.kernel.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A header's {@code date}: UTC to the microsecond, as Jupyter writes it. The calendar part is formatted once per
 * second; a full {@link DateTimeFormatter} pass for each of a cell's five messages was 3-4% of the shell thread's CPU
 * in a fresh kernel's cells.
 */
final class HeaderDates {
    private static final DateTimeFormatter TO_THE_SECOND =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private record Second(long epochSecond, String text) {
    }

    private volatile Second last = new Second(Long.MIN_VALUE, "");

    String now() {
        return format(Instant.now());
    }

    String format(Instant instant) {
        Second second = last;
        if (second.epochSecond() != instant.getEpochSecond()) {
            second = new Second(instant.getEpochSecond(), TO_THE_SECOND.format(instant));
            last = second;
        }
        String micros = Integer.toString(instant.getNano() / 1000);
        StringBuilder date = new StringBuilder(second.text().length() + 8).append(second.text()).append('.');
        for (int i = micros.length(); i < 6; i++) date.append('0');
        return date.append(micros).append('Z').toString();
    }
}
