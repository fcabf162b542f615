package io.javagpu.kernel.protocol;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeaderDatesTest {
    private static final DateTimeFormatter FULL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void writesWhatAFullFormatterWritesAcrossSecondsAndDigitCounts() {
        HeaderDates dates = new HeaderDates();
        long[] nanos = {0, 999, 1_000, 7_000, 42_000, 123_456_789, 999_999_999, 500_000_001};
        Instant start = Instant.parse("2026-12-31T23:59:58Z");
        for (int second = 0; second < 4; second++) {
            for (long nano : nanos) {
                Instant instant = start.plusSeconds(second).plusNanos(nano);
                assertEquals(FULL.format(instant), dates.format(instant), instant::toString);
            }
        }
        Instant earlier = Instant.parse("1999-01-01T00:00:00.000001Z");
        assertEquals("1999-01-01T00:00:00.000001Z", dates.format(earlier), "an instant before the last one still gets its own second");
    }
}
