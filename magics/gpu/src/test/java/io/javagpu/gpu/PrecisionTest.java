package io.javagpu.gpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PrecisionTest {
    @Test
    void halfKnownValues() {
        assertEquals((short) 0x3c00, Precision.floatToHalf(1f));
        assertEquals((short) 0xc000, Precision.floatToHalf(-2f));
        assertEquals((short) 0x7bff, Precision.floatToHalf(65504f));
        assertEquals((short) 0x7c00, Precision.floatToHalf(70000f));
        assertEquals((short) 0x0001, Precision.floatToHalf((float) Math.pow(2, -24)));
        assertEquals((short) 0x0000, Precision.floatToHalf((float) Math.pow(2, -26)));
        assertEquals((short) 0x3555, Precision.floatToHalf(1f / 3));
        assertEquals(1f / 3, Precision.halfToFloat(Precision.floatToHalf(1f / 3)), 1e-3);
        assertTrue(Float.isNaN(Precision.halfToFloat(Precision.floatToHalf(Float.NaN))));
        assertEquals((float) Math.pow(2, -24), Precision.halfToFloat((short) 1));
        // ties to even: 1 + 2^-11 lies halfway between 1 and 1 + 2^-10
        assertEquals(1f, Precision.round(1f + (float) Math.pow(2, -11), Dtype.F16));
    }

    @Test
    void halfRoundTripIsExactForAllHalves() {
        for (int h = 0; h < 0x10000; h++) {
            if ((h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0) continue; // NaNs
            float f = Precision.halfToFloat((short) h);
            assertEquals((short) h, Precision.floatToHalf(f), "half " + Integer.toHexString(h));
        }
    }

    @Test
    void bf16AndTf32() {
        assertEquals((short) 0x3f80, Precision.floatToBf16(1f));
        assertEquals(1f, Precision.bf16ToFloat(Precision.floatToBf16(1.001f)));
        assertEquals(1.0078125f, Precision.round(1.007f, Dtype.BF16));
        float t = Precision.toTf32(1f / 3);
        assertEquals(0, Float.floatToRawIntBits(t) & 0x1fff, "tf32 keeps 10 mantissa bits");
        assertEquals(1f / 3, t, 1f / 2048);
        assertEquals(Float.POSITIVE_INFINITY, Precision.toTf32(Float.POSITIVE_INFINITY));
    }
}
