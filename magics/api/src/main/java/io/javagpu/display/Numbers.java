package io.javagpu.display;

import java.util.Locale;

/** Numbers in table cells and JSON: fixed decimals, "—" where there is no value, null for JSON. */
public final class Numbers {
    /** What a cell shows for NaN or an infinity: no value. */
    public static final String NO_VALUE = "—";

    private Numbers() {
    }

    /** {@code value} with {@code decimals} decimals (dot as separator), or "—" for NaN and infinities. */
    public static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) return NO_VALUE;
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** A JSON-safe number: NaN and infinities, which JSON lacks, become null. */
    public static Double json(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
