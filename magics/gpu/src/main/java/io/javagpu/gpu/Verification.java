package io.javagpu.gpu;

/**
 * Checks a product against a reference computed in double precision from the same inputs, on all rows for small
 * matrices and on a spread sample of rows for large ones. The error of an element is normalised by the sum of
 * |a*b| terms that made it, so one tolerance per dtype works for every K and every value range.
 */
public record Verification(double maxError, double tolerance, int rowsChecked, int rowsTotal, boolean passed, String reference) {

    /** Above this many multiply-adds for a full check, only a sample of rows is checked. */
    static final long FULL_CHECK_LIMIT = 64L * 1024 * 1024;
    static final int SAMPLE_ROWS = 16;

    public static int[] rowsToCheck(MatmulShape shape) {
        long work = (long) shape.m() * shape.n() * shape.k();
        if (work <= FULL_CHECK_LIMIT || shape.m() <= SAMPLE_ROWS) {
            int[] all = new int[shape.m()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        int[] rows = new int[SAMPLE_ROWS];
        for (int s = 0; s < SAMPLE_ROWS; s++) rows[s] = (int) ((long) s * (shape.m() - 1) / (SAMPLE_ROWS - 1));
        return rows;
    }

    /** Whether a normalised error passes for this dtype. Pure, for tests. */
    public static boolean withinTolerance(double error, Dtype dtype) {
        return !Double.isNaN(error) && error <= dtype.tolerance();
    }

    /** Normalised error of one element. */
    public static double elementError(double value, double reference, double absSum) {
        if (Double.isNaN(value) || Double.isInfinite(value)) return Double.POSITIVE_INFINITY;
        double scale = Math.max(absSum, Double.MIN_NORMAL);
        return Math.abs(value - reference) / scale;
    }

    /** {@code a}, {@code b} as the device saw them (already rounded for f16/bf16/tf32 where applicable). */
    public static Verification check(MatmulShape shape, Dtype dtype, MatrixInput a, MatrixInput b, ResultMatrix c) {
        int n = shape.n(), k = shape.k();
        int[] rows = rowsToCheck(shape);
        double max = 0;
        double[] ref = new double[n];
        double[] abs = new double[n];
        for (int i : rows) {
            java.util.Arrays.fill(ref, 0);
            java.util.Arrays.fill(abs, 0);
            for (int p = 0; p < k; p++) {
                double av = a.get((long) i * k + p);
                long bRow = (long) p * n;
                for (int j = 0; j < n; j++) {
                    double prod = av * b.get(bRow + j);
                    ref[j] += prod;
                    abs[j] += Math.abs(prod);
                }
            }
            for (int j = 0; j < n; j++) {
                double e = elementError(c.get((long) i * n + j), ref[j], abs[j]);
                if (e > max || Double.isNaN(e)) max = e;
            }
        }
        String how = rows.length == shape.m() ? "all " + rows.length + " rows" : rows.length + " sampled rows of " + shape.m();
        return new Verification(max, dtype.tolerance(), rows.length, shape.m(), withinTolerance(max, dtype),
                "f64 reference on " + how);
    }

    public String summary() {
        return (passed ? "passed" : "FAILED") + String.format(java.util.Locale.ROOT, " (max normalised error %.2e, tolerance %.0e, %s)",
                maxError, tolerance, reference);
    }

    /** Read access to an input matrix as doubles. */
    public interface MatrixInput {
        double get(long index);
    }

    /** Read access to a result matrix as doubles. */
    public interface ResultMatrix {
        double get(long index);
    }
}
