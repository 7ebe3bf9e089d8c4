package org.xnornet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link PRelu#forwardRun}'s min/max form gives the sign-bit select's bits, v·factor(v), on every kind of input and
 * slope: signed zeros, subnormals, values whose product underflows or overflows, infinities, quiet NaNs with either
 * sign, and slopes below, at and above 1, negative, tiny, huge, and those it hands to the select (±0, ±∞, NaN).
 */
class PReluTest {
    private static final float[] SLOPES = {0.25f, 1f, 0.999_999_94f, 1.000_000_1f, 1.5f, 3e38f, 1e-38f, -0.25f, -1f,
        -7f, -3e38f, Float.MIN_VALUE, -Float.MIN_VALUE, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.NaN};

    private static float[] inputs() {
        float[] special = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL,
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
            Float.intBitsToFloat(0xffc00000), Float.intBitsToFloat(0x7fc00123), 1e-30f, -1e-30f, 3e30f, -3e30f};
        SplittableRandom rng = new SplittableRandom(29);
        float[] x = new float[special.length + 4000];
        System.arraycopy(special, 0, x, 0, special.length);
        for (int i = special.length; i < x.length; i++) {
            x[i] = rng.nextInt(4) == 0 ? Float.intBitsToFloat(rng.nextInt()) : (float) rng.nextGaussian();
            if (Float.isNaN(x[i])) {
                x[i] = Float.intBitsToFloat(Float.floatToRawIntBits(x[i]) | 0x0040_0000); // quiet
            }
        }
        return x;
    }

    @Test
    void theVectorisableFormGivesTheSelectsBits() {
        float[] x = inputs();
        for (float slope : SLOPES) {
            float[] y = new float[x.length + 5];
            for (int k = 0; k < 200; k++) {
                // until the JIT has compiled (and vectorised) the loops: their bits are what counts
                PRelu.forwardRun(x, 0, y, 3, x.length, slope);
            }
            int bits = Float.floatToRawIntBits(slope);
            for (int i = 0; i < x.length; i++) {
                float expected = x[i] * PRelu.factor(x[i], bits);
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(y[3 + i]),
                        "slope " + slope + ", v " + x[i] + " (bits " + Integer.toHexString(Float.floatToRawIntBits(x[i]))
                                + ")");
            }
        }
    }

    @Test
    void inPlaceAsWell() {
        float[] x = inputs();
        for (float slope : SLOPES) {
            float[] y = x.clone();
            PRelu.forwardRun(y, 0, y, 0, y.length, slope);
            int bits = Float.floatToRawIntBits(slope);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(x[i] * PRelu.factor(x[i], bits)), Float.floatToRawIntBits(y[i]));
            }
        }
    }
}
