package io.javagpu.gpu;

/** Rounding of f32 values to TF32, FP16 and BF16 (round to nearest even), and back. Java 17 has no Float16. */
public final class Precision {
    private Precision() {
    }

    public static float round(float value, Dtype dtype) {
        switch (dtype) {
            case TF32: return toTf32(value);
            case F16: return halfToFloat(floatToHalf(value));
            case BF16: return bf16ToFloat(floatToBf16(value));
            default: return value;
        }
    }

    /** Keeps 10 mantissa bits, as the tensor cores read f32 inputs in TF32 mode. */
    public static float toTf32(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7f800000) == 0x7f800000) return value;
        bits = bits + 0xfff + ((bits >>> 13) & 1);
        return Float.intBitsToFloat(bits & 0xffffe000);
    }

    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) return (short) 0x7fc0;
        bits = bits + 0x7fff + ((bits >>> 16) & 1);
        return (short) (bits >>> 16);
    }

    public static float bf16ToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }

    public static short floatToHalf(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        int e = exp - 127 + 15;
        if (e >= 0x1f) return (short) (sign | 0x7c00);
        if (e <= 0) {
            if (e < -10) return (short) sign;
            int full = mant | 0x800000;
            int shift = 14 - e;
            int half = full >>> shift;
            int rem = full & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) != 0)) half++;
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) half++;
        return (short) (sign | half);
    }

    public static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0) {
            float v = Math.scalb((float) mant, -24);
            return sign != 0 ? -v : v;
        }
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }
}
