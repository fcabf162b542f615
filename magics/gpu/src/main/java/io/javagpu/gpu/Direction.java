package io.javagpu.gpu;

import java.util.Locale;

/** Which way a measured copy goes. {@link #toString()} is the label tables, JSON and chart series show. */
public enum Direction {
    H2D("h2d"),
    D2H("d2h"),
    D2D("d2d"),
    /** A memory-to-memory copy on the CPU. */
    COPY("copy");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    /** "h2d", "D2H" ... as typed after --direction; null when it is not one of h2d, d2h, d2d. */
    public static Direction parseGpu(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Direction d : new Direction[]{H2D, D2H, D2D}) if (d.label.equals(t)) return d;
        return null;
    }

    @Override
    public String toString() {
        return label;
    }
}
