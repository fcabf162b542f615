package io.javagpu.gpu;

import java.util.SplittableRandom;

/**
 * Random A and B in [-1, 1) from a fixed seed, in the host form each backend needs: float[] (f32, tf32, and f16/bf16
 * rounded), double[] (f64) and 16-bit arrays for f16/bf16 on the GPU.
 */
final class MatmulInputs {
    final float[] af, bf;
    final double[] ad, bd;
    final short[] ah, bh;

    private MatmulInputs(float[] af, float[] bf, double[] ad, double[] bd, short[] ah, short[] bh) {
        this.af = af;
        this.bf = bf;
        this.ad = ad;
        this.bd = bd;
        this.ah = ah;
        this.bh = bh;
    }

    /**
     * @param roundTf32 round tf32 inputs on the host (the CPU emulation); the GPU gets f32 and rounds itself
     * @param halfArrays also make 16-bit arrays for f16/bf16 (the GPU path)
     */
    static MatmulInputs create(MatmulShape s, Dtype d, long seed, boolean roundTf32, boolean halfArrays) {
        SplittableRandom random = new SplittableRandom(seed);
        int na = (int) s.elementsA(), nb = (int) s.elementsB();
        if (d == Dtype.F64) {
            double[] a = new double[na], b = new double[nb];
            for (int i = 0; i < na; i++) a[i] = random.nextDouble() * 2 - 1;
            for (int i = 0; i < nb; i++) b[i] = random.nextDouble() * 2 - 1;
            return new MatmulInputs(null, null, a, b, null, null);
        }
        float[] a = new float[na], b = new float[nb];
        boolean round = d == Dtype.F16 || d == Dtype.BF16 || (d == Dtype.TF32 && roundTf32);
        for (int i = 0; i < na; i++) {
            float v = (float) (random.nextDouble() * 2 - 1);
            a[i] = round ? Precision.round(v, d) : v;
        }
        for (int i = 0; i < nb; i++) {
            float v = (float) (random.nextDouble() * 2 - 1);
            b[i] = round ? Precision.round(v, d) : v;
        }
        short[] ah = null, bh = null;
        if (halfArrays && (d == Dtype.F16 || d == Dtype.BF16)) {
            ah = toHalf(a, d);
            bh = toHalf(b, d);
        }
        return new MatmulInputs(a, b, null, null, ah, bh);
    }

    private static short[] toHalf(float[] values, Dtype d) {
        short[] out = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = d == Dtype.F16 ? Precision.floatToHalf(values[i]) : Precision.floatToBf16(values[i]);
        }
        return out;
    }

    Verification.MatrixInput a() {
        return af != null ? i -> af[(int) i] : i -> ad[(int) i];
    }

    Verification.MatrixInput b() {
        return bf != null ? i -> bf[(int) i] : i -> bd[(int) i];
    }
}
