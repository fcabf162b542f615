package io.javagpu.gpu;

import java.util.Locale;

/** C[M x N] = A[M x K] * B[K x N]; written {@code 512} (square) or {@code 256x512x1024} (MxNxK). */
public record MatmulShape(int m, int n, int k) {
    public MatmulShape {
        if (m <= 0 || n <= 0 || k <= 0) throw new IllegalArgumentException("matrix sizes must be positive: " + m + "x" + n + "x" + k);
    }

    public static MatmulShape parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String[] parts = t.split("x", -1);
        try {
            if (parts.length == 1) {
                int s = Integer.parseInt(parts[0]);
                return new MatmulShape(s, s, s);
            }
            if (parts.length == 3) {
                return new MatmulShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("bad size '" + text + "': use N (square, e.g. 512) or MxNxK (e.g. 256x512x1024)");
    }

    public double flops() {
        return 2.0 * m * n * k;
    }

    public long elementsA() {
        return (long) m * k;
    }

    public long elementsB() {
        return (long) k * n;
    }

    public long elementsC() {
        return (long) m * n;
    }

    public boolean isSquare() {
        return m == n && n == k;
    }

    @Override
    public String toString() {
        return isSquare() ? Integer.toString(m) : m + "x" + n + "x" + k;
    }
}
