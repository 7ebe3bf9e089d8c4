package org.xnornet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xnornet.kernel.Im2Col;
import org.xnornet.kernel.Parallel;
import org.xnornet.kernel.XnorGemm;
import org.xnornet.tensor.BitTensor;

/**
 * The packed dense layer against {@link XnorGemm} and a naive sum of sign products (up to 140 outputs × 700 rows:
 * several units of work, on one and two threads); the sign bit's convention.
 */
class BinaryDenseTest {
    @Test
    void equalsXnorGemmAndNaiveSum() {
        SplittableRandom rng = new SplittableRandom(11);
        int before = Parallel.threads();
        try {
            for (int in : new int[] {1, 63, 64, 65, 130, 200}) {
                for (int out : new int[] {1, 5, 64, 70, 140}) {
                    for (int rows : new int[] {1, 3, 33, 150, 700}) {
                        float[] x = values(rng, rows * in);
                        float[] w = values(rng, out * in);
                        float[] gemm = new float[rows * out];
                        XnorGemm.multiply(BitTensor.packSigns(x, 0, rows, in), BitTensor.packSigns(w, 0, out, in),
                                gemm, 0);
                        PackedDenseWeights pw = PackedDenseWeights.pack(w, 0, out, in);
                        BitTensor packed = SignBits.packRows(x, 0, rows, in);
                        for (int threads : new int[] {1, 2}) {
                            Parallel.setThreads(threads);
                            int[] y = new int[rows * out];
                            BinaryDense.forward(packed, pw, y, 0);
                            String what = rows + "x" + in + " -> " + out + " threads " + threads;
                            for (int i = 0; i < y.length; i++) {
                                assertEquals(gemm[i], (float) y[i], "XnorGemm " + what + " at " + i);
                                assertEquals(naive(x, w, in, i / out, i % out), y[i], "naive " + what + " at " + i);
                            }
                        }
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** Gaussian values with exact ±0 (no NaN: {@link BitTensor#packSigns} sends every NaN to −1). */
    private static float[] values(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            v[i] = u < 0.05 ? 0f : u < 0.1 ? -0f : (float) rng.nextGaussian();
        }
        return v;
    }

    private static int naive(float[] x, float[] w, int in, int row, int o) {
        int sum = 0;
        for (int i = 0; i < in; i++) {
            sum += (int) (Im2Col.sign(x[row * in + i]) * Im2Col.sign(w[o * in + i]));
        }
        return sum;
    }

    /** One bit per training sign: +1 exactly where {@link Im2Col#sign} gives +1, for ±0, ±∞, NaNs and subnormals. */
    @Test
    void signBitIsTrainingsSign() {
        float[] special = {0f, -0f, Float.NaN, Float.intBitsToFloat(0xffc00000), Float.intBitsToFloat(0x7f800001),
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE,
            -Float.MAX_VALUE, 1f, -1f};
        for (float v : special) {
            assertEquals(Im2Col.sign(v) > 0 ? 1L : 0L, SignBits.bit(v), "bit of " + Float.floatToRawIntBits(v));
        }
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < 100_000; i++) {
            float v = Float.intBitsToFloat(rng.nextInt());
            assertEquals(Im2Col.sign(v) > 0 ? 1L : 0L, SignBits.bit(v), "bit of " + Float.floatToRawIntBits(v));
        }
        assertArrayEquals(new long[] {0b101L}, SignBits.packRows(new float[] {-0f, -2f, 0f}, 0, 1, 3).words());
    }
}
