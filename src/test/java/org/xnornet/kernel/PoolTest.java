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
}
