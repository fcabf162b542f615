package io.javagpu.gpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class VerificationTest {
    @Test
    void toleranceByDtype() {
        assertTrue(Verification.withinTolerance(5e-5, Dtype.F32));
        assertFalse(Verification.withinTolerance(5e-4, Dtype.F32));
        assertTrue(Verification.withinTolerance(1e-3, Dtype.TF32));
        assertTrue(Verification.withinTolerance(5e-3, Dtype.F16));
        assertFalse(Verification.withinTolerance(1e-9, Dtype.F64));
        assertTrue(Verification.withinTolerance(1e-12, Dtype.F64));
        assertFalse(Verification.withinTolerance(Double.NaN, Dtype.BF16));
        assertEquals(Double.POSITIVE_INFINITY, Verification.elementError(Double.NaN, 1, 1));
        assertEquals(0.5, Verification.elementError(1.5, 1, 1), 1e-15);
    }

    @Test
    void samplesRowsOfLargeMatrices() {
        assertEquals(64, Verification.rowsToCheck(MatmulShape.parse("64")).length);
        int[] rows = Verification.rowsToCheck(MatmulShape.parse("4096"));
        assertEquals(Verification.SAMPLE_ROWS, rows.length);
        assertEquals(0, rows[0]);
        assertEquals(4095, rows[rows.length - 1]);
    }

    @Test
    void detectsAWrongElement() {
        MatmulShape s = MatmulShape.parse("2x2x2");
        double[] a = {1, 2, 3, 4}, b = {5, 6, 7, 8};
        double[] good = {19, 22, 43, 50};
        Verification ok = Verification.check(s, Dtype.F64, i -> a[(int) i], i -> b[(int) i], i -> good[(int) i]);
        assertTrue(ok.passed());
        assertEquals(0, ok.maxError());
        double[] bad = {19, 22, 43, 51};
        Verification no = Verification.check(s, Dtype.F32, i -> a[(int) i], i -> b[(int) i], i -> bad[(int) i]);
        assertFalse(no.passed());
        assertEquals(1.0 / 50, no.maxError(), 1e-12); // 3*6 + 4*8 = 50
        assertTrue(no.summary().startsWith("FAILED"));
    }
}
