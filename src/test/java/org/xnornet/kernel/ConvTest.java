package org.xnornet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The convolution kernels against a naive double-precision convolution, every way the 3×3 stride-1 layers can run
 * (Winograd F(4×4, 3×3), F(2×2, 3×3), im2col), and F(2×2, 3×3) against im2col bit for bit on the ±1 inputs of binary
 * layers, and the float Winograd backward of binary layers (±1 inputs and weights) against the chain rule in
 * doubles.
 */
class ConvTest {
    @AfterEach
    void restore() {
        Conv.useWinograd(true);
        Winograd3x3.useTile(4);
        Winograd3x3.fuseWhen(Winograd3x3.FUSED_MIN_BLOCKS, Winograd3x3.FUSED_MAX_PAIRS);
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    /** F(tile×tile, 3×3), block by block from input to output transform or through whole-chunk arrays. */
    private static void useWinograd(int tile, boolean byBlocks) {
        Winograd3x3.useTile(tile);
        Winograd3x3.fuseWhen(byBlocks ? 1 : Integer.MAX_VALUE, byBlocks ? Long.MAX_VALUE : 0);
    }

    private static float[] random(SplittableRandom rng, int n, boolean zeros) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = zeros && i % 7 == 0 ? 0f : (float) rng.nextGaussian();
        }
        return a;
    }

    /**
     * y[n][o][oy][ox] = Σ w[o][c][i][j] · q(x[n][c][oy·s − p + i][ox·s − p + j]) + bias[o], in doubles; with
     * {@code absolute}, the same sum of absolute values, the scale of the rounding error a float kernel may make.
     */
    private static float[] naive(float[] x, boolean signs, int batch, ConvGeometry g, float[] w, int out,
                                 float[] bias, boolean absolute) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        float[] y = new float[batch * out * oh * ow];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double s = bias == null ? 0 : absolute ? Math.abs(bias[o]) : bias[o];
                        for (int c = 0; c < g.channels(); c++) {
                            for (int i = 0; i < g.kernelH(); i++) {
                                for (int j = 0; j < g.kernelW(); j++) {
                                    int iy = oy * g.stride() - g.padding() + i;
                                    int ix = ox * g.stride() - g.padding() + j;
                                    if (iy < 0 || ix < 0 || iy >= g.height() || ix >= g.width()) {
                                        continue;
                                    }
                                    float v = x[((n * g.channels() + c) * g.height() + iy) * g.width() + ix];
                                    double term = (double) w[((o * g.channels() + c) * g.kernelH() + i)
                                            * g.kernelW() + j] * (signs ? Im2Col.sign(v) : v);
                                    s += absolute ? Math.abs(term) : term;
                                }
                            }
                        }
                        y[((n * out + o) * oh + oy) * ow + ox] = (float) s;
                    }
                }
            }
        }
        return y;
    }

    private static float[] run(boolean winograd, float[] x, boolean signs, int batch, ConvGeometry g, float[] w,
                               int out, float[] bias) {
        Conv.useWinograd(winograd);
        float[] y = new float[batch * out * g.outPixels()];
        java.util.Arrays.fill(y, Float.NaN);
        Conv.forward(x, signs, batch, g, w, 0, out, bias, 0, y);
        return y;
    }

    /** |expected − actual| ≤ tolerance · scale, element by element. */
    private static void assertClose(float[] expected, float[] actual, float[] scale, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance * scale[i],
                    what + " at " + i + ": expected " + expected[i] + " got " + actual[i] + ", error scale " + scale[i]);
        }
    }

    /** The largest |value| of a (at least 1), for every element: gradients have no naive reference to scale by. */
    private static float[] largest(float[] a) {
        float max = 1f;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        float[] scale = new float[a.length];
        java.util.Arrays.fill(scale, max);
        return scale;
    }

    /**
     * The gradients of {@link #naive}'s convolution (no bias) for output gradient dy, by the chain rule in doubles:
     * {@code [0]} dx w.r.t. q(x), {@code [1]} dwStart + dw; with {@code absolute}, the sums of |terms| instead
     * (|dwStart| included), each element's scale of rounding error.
     */
    private static float[][] naiveGradients(float[] x, boolean signs, int batch, ConvGeometry g, float[] w, int out,
                                            float[] dy, float[] dwStart, boolean absolute) {
        double[] dx = new double[x.length];
        double[] dw = new double[w.length];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                for (int oy = 0; oy < g.outHeight(); oy++) {
                    for (int ox = 0; ox < g.outWidth(); ox++) {
                        double d = dy[((n * out + o) * g.outHeight() + oy) * g.outWidth() + ox];
                        for (int c = 0; c < g.channels(); c++) {
                            for (int i = 0; i < 3; i++) {
                                for (int j = 0; j < 3; j++) {
                                    int iy = oy - g.padding() + i;
                                    int ix = ox - g.padding() + j;
                                    if (iy < 0 || ix < 0 || iy >= g.height() || ix >= g.width()) {
                                        continue;
                                    }
                                    int xi = ((n * g.channels() + c) * g.height() + iy) * g.width() + ix;
                                    int wi = ((o * g.channels() + c) * 3 + i) * 3 + j;
                                    double q = signs ? Im2Col.sign(x[xi]) : x[xi];
                                    dx[xi] += absolute ? Math.abs(w[wi] * d) : w[wi] * d;
                                    dw[wi] += absolute ? Math.abs(q * d) : q * d;
                                }
                            }
                        }
                    }
                }
            }
        }
        float[][] r = {new float[x.length], new float[w.length]};
        for (int i = 0; i < x.length; i++) {
            r[0][i] = (float) dx[i];
        }
        for (int i = 0; i < w.length; i++) {
            r[1][i] = (float) ((absolute ? Math.abs(dwStart[i]) : dwStart[i]) + dw[i]);
        }
        return r;
    }

    @ParameterizedTest
    @CsvSource({"2, false", "2, true", "4, false", "4, true"})
    void winogradAndIm2colMatchTheNaiveConvolutionOnOddAndEvenSizes(int tile, boolean byBlocks) {
        useWinograd(tile, byBlocks);
        SplittableRandom rng = new SplittableRandom(3);
        // the last shape has more tiles than a transform block, so blocks start and end inside images
        int[][] shapes = {{16, 7, 7, 16, 1}, {17, 9, 6, 20, 1}, {16, 5, 8, 16, 0}, {24, 4, 5, 16, 2}, {32, 1, 1, 16, 1},
            {16, 12, 11, 16, 1}, {16, 37, 29, 17, 1}};
        for (int[] s : shapes) {
            ConvGeometry g = ConvGeometry.square(s[0], s[1], s[2], 3, 1, s[4]);
            int out = s[3];
            int batch = 3;
            float[] x = random(rng, batch * s[0] * s[1] * s[2], true);
            float[] w = random(rng, out * s[0] * 9, false);
            float[] bias = random(rng, out, false);
            assertTrue(Winograd3x3.applies(g, out));
            float[] expected = naive(x, false, batch, g, w, out, bias, false);
            float[] scale = naive(x, false, batch, g, w, out, bias, true);
            String what = java.util.Arrays.toString(s);
            assertClose(expected, run(true, x, false, batch, g, w, out, bias), scale, 1e-5, "winograd " + what);
            assertClose(expected, run(false, x, false, batch, g, w, out, bias), scale, 1e-6, "im2col " + what);
        }
    }

    @ParameterizedTest
    @CsvSource({"2, false", "2, true", "4, false", "4, true"})
    void onSignsWinogradGivesExactlyTheIm2colIntegersWhateverTheBatch(int tile, boolean byBlocks) {
        SplittableRandom rng = new SplittableRandom(5);
        // {channels, height, width}: 512 channels split F(4×4)'s corner position into two exact GEMMs
        for (int[] shape : new int[][] {{64, 9, 7}, {512, 7, 7}}) {
            useWinograd(tile, byBlocks);
            int channels = shape[0];
            int pixels = shape[1] * shape[2];
            ConvGeometry g = ConvGeometry.square(channels, shape[1], shape[2], 3, 1, 1);
            int out = 32;
            int batch = 5;
            float[] x = random(rng, batch * channels * pixels, true);
            float[] w = random(rng, out * channels * 9, false);
            for (int i = 0; i < w.length; i++) {
                w[i] = Im2Col.sign(w[i]);
            }
            String what = tile + " " + java.util.Arrays.toString(shape);
            float[] winograd = run(true, x, true, batch, g, w, out, null);
            assertArrayEquals(run(false, x, true, batch, g, w, out, null), winograd, what);
            assertArrayEquals(naive(x, true, batch, g, w, out, null, false), winograd, what);
            float[] last = run(true, java.util.Arrays.copyOfRange(x, 4 * channels * pixels, 5 * channels * pixels),
                    true, 1, g, w, out, null);
            assertArrayEquals(java.util.Arrays.copyOfRange(winograd, 4 * out * pixels, 5 * out * pixels), last,
                    "alone " + what);
        }
    }

    @ParameterizedTest
    @CsvSource({"2, false", "2, true", "4, false", "4, true"})
    void winogradDoesNotDependOnTheThreadCount(int tile, boolean byBlocks) {
        useWinograd(tile, byBlocks);
        SplittableRandom rng = new SplittableRandom(9);
        ConvGeometry g = ConvGeometry.square(32, 14, 14, 3, 1, 1);
        int out = 48;
        int batch = 4;
        float[] x = random(rng, batch * 32 * 196, true);
        float[] w = random(rng, out * 32 * 9, false);
        Parallel.setThreads(1);
        float[] one = run(true, x, false, batch, g, w, out, null);
        Parallel.setThreads(3);
        assertArrayEquals(one, run(true, x, false, batch, g, w, out, null));
    }

    @ParameterizedTest
    @CsvSource({"2, false", "2, true", "4, false", "4, true"})
    void winogradGradientsMatchIm2col(int tile, boolean byBlocks) {
        useWinograd(tile, byBlocks);
        SplittableRandom rng = new SplittableRandom(11);
        // {height, width, padding}; 33×29 makes more tiles than a transform block, so blocks start and end inside images
        for (int[] shape : new int[][] {{8, 7, 0}, {8, 7, 1}, {8, 7, 2}, {33, 29, 1}}) {
            int height = shape[0];
            int width = shape[1];
            int pad = shape[2];
            ConvGeometry g = ConvGeometry.square(16, height, width, 3, 1, pad);
            int out = 24;
            int batch = 2;
            float[] x = random(rng, batch * 16 * height * width, true);
            float[] w = random(rng, out * 16 * 9, false);
            float[] dy = random(rng, batch * out * g.outPixels(), false);
            float[] dwStart = random(rng, out * 16 * 9, false);
            float[][] dx = new float[2][];
            float[][] dw = new float[2][];
            for (int k = 0; k < 2; k++) {
                Conv.useWinograd(k == 0);
                dx[k] = new float[x.length];
                dw[k] = dwStart.clone();
                Conv.backward(x, false, batch, g, w, 0, out, dy, dw[k], 0, null, 0, dx[k]);
            }
            String what = java.util.Arrays.toString(shape);
            assertClose(dx[1], dx[0], largest(dx[1]), 1e-5, "dx " + what);
            assertClose(dw[1], dw[0], largest(dw[1]), 1e-5, "dw " + what);
        }
    }

    /**
     * Binary layers' backward at ≥ 16 channels: sign(x) (zeros among x, so sign(0) = +1 counts) and ±1 weights meet
     * a float output gradient, so Winograd runs its float transforms, which hold sixths and twenty-fourths. Input and
     * weight gradients (the latter added to what dw held) match the chain rule in doubles element by element, to a
     * fraction of each element's sum of |terms|: 1e-5 for F(4×4) (measured worst 2.4e-6), 1e-6 for F(2×2), whose
     * transforms hold halves only (measured worst 1.6e-7).
     */
    @ParameterizedTest
    @CsvSource({"2, false", "2, true", "4, false", "4, true"})
    void onSignsWinogradGradientsMatchTheNaiveGradients(int tile, boolean byBlocks) {
        useWinograd(tile, byBlocks);
        Conv.useWinograd(true);
        SplittableRandom rng = new SplittableRandom(13);
        // {channels, out, height, width, padding}: sides that are not multiples of 4 end in partial tiles
        for (int[] s : new int[][] {{16, 16, 7, 7, 1}, {16, 32, 9, 6, 1}, {32, 16, 8, 8, 1}, {32, 32, 13, 10, 1},
            {16, 16, 6, 5, 0}}) {
            ConvGeometry g = ConvGeometry.square(s[0], s[2], s[3], 3, 1, s[4]);
            int out = s[1];
            int batch = 3;
            assertTrue(Winograd3x3.applies(g, out));
            float[] x = random(rng, batch * s[0] * g.inPixels(), true);
            float[] w = random(rng, out * s[0] * 9, false);
            for (int i = 0; i < w.length; i++) {
                w[i] = Im2Col.sign(w[i]);
            }
            float[] dy = random(rng, batch * out * g.outPixels(), false);
            float[] dwStart = random(rng, w.length, false);
            float[] dx = new float[x.length];
            java.util.Arrays.fill(dx, Float.NaN);
            float[] dw = dwStart.clone();
            Conv.backward(x, true, batch, g, w, 0, out, dy, dw, 0, null, 0, dx);
            float[][] expected = naiveGradients(x, true, batch, g, w, out, dy, dwStart, false);
            float[][] scale = naiveGradients(x, true, batch, g, w, out, dy, dwStart, true);
            String what = tile + " " + java.util.Arrays.toString(s);
            double tolerance = tile == 4 ? 1e-5 : 1e-6;
            assertClose(expected[0], dx, scale[0], tolerance, "dx " + what);
            assertClose(expected[1], dw, scale[1], tolerance, "dw " + what);
        }
    }
}
