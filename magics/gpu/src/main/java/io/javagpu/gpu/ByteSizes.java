package io.javagpu.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses byte sizes (4KB, 256MB, 1GiB; KB = 1024 here as in transfer tools) and sweeps like 4KB..256MB. */
public final class ByteSizes {
    private ByteSizes() {
    }

    public static long parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace("IB", "B");
        long unit = 1;
        String number = t;
        if (t.endsWith("KB") || t.endsWith("K")) unit = 1L << 10;
        else if (t.endsWith("MB") || t.endsWith("M")) unit = 1L << 20;
        else if (t.endsWith("GB") || t.endsWith("G")) unit = 1L << 30;
        number = number.replaceAll("[KMGB]+$", "");
        try {
            long value = Long.parseLong(number.trim());
            if (value <= 0) throw new IllegalArgumentException("size must be positive: " + text);
            return value * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad size '" + text + "': use e.g. 4KB, 64MB, 1GB");
        }
    }

    /**
     * {@code 4KB..256MB} gives powers of 4 from the first to the last (the last always included);
     * {@code 1MB,8MB,64MB} gives exactly those.
     */
    public static List<Long> parseSweep(String text) {
        List<Long> sizes = new ArrayList<>();
        if (text.contains("..")) {
            String[] ends = text.split("\\.\\.", -1);
            if (ends.length != 2) throw new IllegalArgumentException("bad sweep '" + text + "': use e.g. 4KB..256MB");
            long from = parse(ends[0]);
            long to = parse(ends[1]);
            if (from > to) throw new IllegalArgumentException("bad sweep '" + text + "': the first size is larger than the last");
            for (long s = from; s < to; s *= 4) sizes.add(s);
            sizes.add(to);
        } else {
            for (String part : text.split(",")) if (!part.isBlank()) sizes.add(parse(part));
        }
        if (sizes.isEmpty()) throw new IllegalArgumentException("no sizes in '" + text + "'");
        return sizes;
    }

    public static String format(long bytes) {
        if (bytes >= (1L << 30) && bytes % (1L << 30) == 0) return (bytes >> 30) + " GB";
        if (bytes >= (1L << 20) && bytes % (1L << 20) == 0) return (bytes >> 20) + " MB";
        if (bytes >= (1L << 10) && bytes % (1L << 10) == 0) return (bytes >> 10) + " KB";
        if (bytes >= (1L << 30)) return String.format(Locale.ROOT, "%.2f GB", bytes / (double) (1L << 30));
        if (bytes >= (1L << 20)) return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        if (bytes >= (1L << 10)) return String.format(Locale.ROOT, "%.1f KB", bytes / (double) (1L << 10));
        return bytes + " B";
    }
}
