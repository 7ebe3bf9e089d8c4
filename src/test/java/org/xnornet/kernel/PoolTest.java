package org.xnornet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Max pooling against a naive scan of every window, on inputs full of ties, negative values and signed zeros. */
class PoolTest {
    @Test
    void maxPoolingPicksTheFirstLargestInputOfEveryWindow() {
        SplittableRandom rng = new SplittableRandom(13);
        // {channels, height, width, kernel, stride, padding}
        int[][] shapes = {{3, 112, 112, 3, 2, 1}, {2, 9, 7, 2, 2, 0}, {2, 8, 5, 3, 1, 1}, {1, 5, 5, 5, 1, 2}};
        for (int[] s : shapes) {
            ConvGeometry g = ConvGeometry.square(s[0], s[1], s[2], s[3], s[4], s[5]);
            int batch = 2;
            float[] x = new float[batch * s[0] * s[1] * s[2]];
            for (int i = 0; i < x.length; i++) {
                // few distinct values, so that windows often hold ties; −0 and +0 are equal
                int v = rng.nextInt(7) - 4;
                x[i] = v == -4 ? -0f : v;
            }
            float[] y = new float[batch * s[0] * g.outPixels()];
            int[] argmax = new int[y.length];
            Pool.maxForward(x, batch, g, y, argmax);
            int[] expectedArgmax = naiveArgmax(x, batch, g);
            float[] expected = new float[y.length];
            for (int i = 0; i < y.length; i++) {
                expected[i] = x[expectedArgmax[i]];
            }
            String what = java.util.Arrays.toString(s);
            assertArrayEquals(expectedArgmax, argmax, what);
            assertArrayEquals(expected, y, what);
        }
    }

    /** Index of the first input, in row-major scan order of the window inside the image, larger than all before. */
    private static int[] naiveArgmax(float[] x, int batch, ConvGeometry g) {
        int[] argmax = new int[batch * g.channels() * g.outPixels()];
        int o = 0;
        for (int plane = 0; plane < batch * g.channels(); plane++) {
            for (int oy = 0; oy < g.outHeight(); oy++) {
                for (int ox = 0; ox < g.outWidth(); ox++) {
                    int best = -1;
                    for (int i = 0; i < g.kernelH(); i++) {
                        for (int j = 0; j < g.kernelW(); j++) {
                            int iy = oy * g.stride() - g.padding() + i;
                            int ix = ox * g.stride() - g.padding() + j;
                            if (iy >= 0 && ix >= 0 && iy < g.height() && ix < g.width()) {
                                int idx = (plane * g.height() + iy) * g.width() + ix;
                                if (best < 0 || x[idx] > x[best]) {
                                    best = idx;
                                }
                            }
                        }
                    }
                    argmax[o++] = best;
                }
            }
        }
        return argmax;
    }

    /** The evaluation max pool equals the training one bit for bit, on ties, ±0, infinities and NaNs of either sign. */
    @Test
    void evaluationMaxPoolingEqualsTrainingsBitForBit() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        float[] specials = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
            Float.intBitsToFloat(0xffc00001), Float.intBitsToFloat(0x7f800001), Float.intBitsToFloat(0xff800001), 1f,
            -1f};
        // the last three are wider than a vector (PoolRows' vector form, with and without a partial last vector)
        int[][] geometries = {{3, 2, 1, 11, 9}, {3, 2, 0, 12, 12}, {2, 2, 0, 8, 7}, {3, 1, 1, 5, 5}, {5, 3, 2, 13, 10},
            {1, 1, 0, 3, 3}, {3, 2, 1, 20, 64}, {3, 1, 1, 9, 37}, {3, 2, 0, 11, 45}};
        for (int[] gm : geometries) {
            ConvGeometry g = new ConvGeometry(3, gm[3], gm[4], gm[0], gm[0], gm[1], gm[2]);
            for (int trial = 0; trial < 20; trial++) {
                int batch = 2;
                float[] x = new float[batch * g.channels() * g.inPixels()];
                for (int i = 0; i < x.length; i++) {
                    int pick = rng.nextInt(4);
                    x[i] = pick == 0 ? specials[rng.nextInt(trial < 10 ? 2 : specials.length)]
                            : pick == 1 ? -(float) rng.nextInt(3) : (float) rng.nextGaussian();
                }
                float[] train = new float[batch * g.channels() * g.outPixels()];
                float[] eval = new float[train.length];
                Pool.maxForward(x, batch, g, train, new int[train.length]);
                Pool.maxForwardEval(x, batch, g, eval);
                for (int i = 0; i < train.length; i++) {
                    org.junit.jupiter.api.Assertions.assertEquals(Float.floatToRawIntBits(train[i]),
                            Float.floatToRawIntBits(eval[i]), g + " output " + i);
                }
            }
        }
    }

    /** The least of each window is the negated largest of the negated plane, on every geometry and border. */
    @Test
    void windowMinimaAreTheNegatedMaximaOfTheNegatedPlane() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        int[][] geometries = {{3, 2, 1, 11, 9}, {3, 2, 0, 12, 12}, {2, 2, 0, 8, 7}, {3, 1, 1, 5, 5}, {5, 3, 2, 13, 10},
            {3, 2, 1, 3, 2}, {3, 3, 2, 7, 4}, {3, 2, 1, 20, 64}, {3, 1, 1, 9, 37}};
        for (int[] gm : geometries) {
            ConvGeometry g = new ConvGeometry(1, gm[3], gm[4], gm[0], gm[0], gm[1], gm[2]);
            float[] x = new float[g.inPixels()];
            float[] negated = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian() + (rng.nextInt(5) == 0 ? Float.POSITIVE_INFINITY : 0f);
                negated[i] = -x[i];
            }
            float[] least = new float[g.outPixels()];
            float[] most = new float[g.outPixels()];
            float[] column = new float[2 * g.width()];
            Pool.extremaPlane(x, 0, g, true, least, 0, column);
            Pool.extremaPlane(negated, 0, g, false, most, 0, column);
            float[] reference = new float[g.outPixels()];
            Pool.maxForwardEval(negated, 1, g, reference);
            for (int i = 0; i < least.length; i++) {
                org.junit.jupiter.api.Assertions.assertEquals(reference[i], most[i], g + " maximum " + i);
                org.junit.jupiter.api.Assertions.assertEquals(-reference[i], least[i], g + " minimum " + i);
            }
        }
    }
}
