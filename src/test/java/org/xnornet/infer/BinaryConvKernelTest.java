package org.xnornet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xnornet.kernel.ConvGeometry;
import org.xnornet.kernel.Im2Col;
import org.xnornet.kernel.Parallel;
import org.xnornet.nn.BinaryConv2d;
import org.xnornet.nn.Mode;
import org.xnornet.quant.NoScaling;
import org.xnornet.quant.SteSign;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/**
 * The packed XNOR-popcount convolution equals the training graph bit for bit: a {@link BinaryConv2d} without
 * scaling, evaluated forward on the same shadow weights (its output is then the float product of signs with zero
 * padding after the sign, an integer below 2²⁴), and an independent naive loop over the taps inside the image.
 */
class BinaryConvKernelTest {
    /** {kernel, stride, padding}: every kernel size 1–7 with strides 1 and 2, paddings 0 and 1, and wider ones. */
    private static final int[][] WINDOWS = {{1, 1, 0}, {1, 2, 0}, {1, 1, 1}, {3, 1, 0}, {3, 1, 1}, {3, 2, 0},
        {3, 2, 1}, {5, 1, 0}, {5, 1, 1}, {5, 1, 2}, {5, 2, 2}, {7, 1, 0}, {7, 2, 1}, {7, 1, 3}};
    /** {height, width}: odd sizes, a square one, and single pixels (1×1 outputs, or only the centre tap inside). */
    private static final int[][] SIZES = {{7, 9}, {13, 13}, {1, 1}, {5, 5}, {7, 7}};

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 63, 64, 65, 130})
    void equalsTrainingLayerAndNaiveLoop(int channels) {
        SplittableRandom rng = new SplittableRandom(channels);
        int cases = 0;
        for (int[] size : SIZES) {
            for (int[] win : WINDOWS) {
                if (size[0] + 2 * win[2] < win[0] || size[1] + 2 * win[2] < win[0]) {
                    continue;
                }
                int batch = cases % 2 == 0 ? 3 : 1;
                // 3×3 stride 1 with 16 filters runs training's exact integer Winograd at ≥ 16 channels, im2col below;
                // 5 and 1 leave part of an eight-filter block empty
                int out = win[0] == 3 && win[1] == 1 ? 16 : new int[] {5, 1, 8}[cases % 3];
                check(rng, channels, size[0], size[1], win[0], win[1], win[2], out, batch);
                cases++;
            }
        }
        assertTrue(cases > 40, "cases run: " + cases);
    }

    private static void check(SplittableRandom rng, int channels, int h, int w, int k, int stride, int pad, int out,
                              int batch) {
        ParameterVector params = new ParameterVector();
        BinaryConv2d layer = new BinaryConv2d("b", params, new int[] {channels, h, w}, out, k, stride, pad,
                new SteSign(1f), new SteSign(1f), new NoScaling(), rng);
        Parameter weight = layer.weight();
        for (int i = 0; i < weight.length(); i += 7) {
            weight.set(i, i % 2 == 0 ? 0f : -0f);
        }
        Tensor x = specialValues(rng, batch, channels, h, w);
        float[] expected = layer.forward(x, Mode.EVAL).data();
        ConvGeometry g = layer.geometry();
        PackedActivations packed = PackedActivations.pack(x.data(), 0, batch, channels, h, w, pad);
        int[] y = new int[batch * out * g.outPixels()];
        BinaryConvKernel.forward(packed, PackedConvWeights.of(layer), y, 0);
        int[] naive = naive(x.data(), batch, g, weight.values(), weight.offset(), out);
        String what = channels + "@" + h + "x" + w + " k" + k + " s" + stride + " p" + pad + " out " + out
                + " batch " + batch;
        assertArrayEquals(naive, y, "naive " + what);
        for (int i = 0; i < y.length; i++) {
            assertEquals(expected[i], (float) y[i], "training layer " + what + " at " + i);
        }
    }

    /** Gaussian values with exact +0, −0 and NaNs of both signs mixed in. */
    static Tensor specialValues(SplittableRandom rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        float[] special = {0f, -0f, Float.NaN, Float.intBitsToFloat(0xffc00000), Float.MIN_VALUE, -Float.MIN_VALUE};
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextDouble() < 0.15 ? special[rng.nextInt(special.length)] : (float) rng.nextGaussian();
        }
        return t;
    }

    /** Σ over taps inside the image of sign(x)·sign(w), written from the definition. */
    static int[] naive(float[] x, int batch, ConvGeometry g, float[] w, int wOff, int out) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int[] y = new int[batch * out * oh * ow];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int sum = 0;
                        for (int c = 0; c < g.channels(); c++) {
                            for (int ki = 0; ki < g.kernelH(); ki++) {
                                for (int kj = 0; kj < g.kernelW(); kj++) {
                                    int iy = oy * g.stride() - g.padding() + ki;
                                    int ix = ox * g.stride() - g.padding() + kj;
                                    if (iy < 0 || ix < 0 || iy >= g.height() || ix >= g.width()) {
                                        continue;
                                    }
                                    float xv = x[((n * g.channels() + c) * g.height() + iy) * g.width() + ix];
                                    float wv = w[wOff + ((o * g.channels() + c) * g.kernelH() + ki) * g.kernelW() + kj];
                                    sum += (int) (Im2Col.sign(xv) * Im2Col.sign(wv));
                                }
                            }
                        }
                        y[((n * out + o) * oh + oy) * ow + ox] = sum;
                    }
                }
            }
        }
        return y;
    }

    /**
     * Several units of work (two tiles of pixels, two filter groups, three images) give the same integers on one, two
     * and three threads, and a reused activation buffer packs new values without a trace of the old ones.
     */
    @Test
    void sameResultOnAnyThreadCountAndAfterReuse() {
        SplittableRandom rng = new SplittableRandom(5);
        int before = Parallel.threads();
        try {
            for (int[] win : new int[][] {{3, 1, 1}, {3, 2, 1}, {5, 1, 2}}) {
                ConvGeometry g = ConvGeometry.square(70, 15, 15, win[0], win[1], win[2]);
                int out = 70;
                int batch = 3;
                float[] w = specialValues(rng, out * g.patchSize()).data();
                float[] x = specialValues(rng, batch * 70 * 225).data();
                PackedConvWeights pw = PackedConvWeights.pack(w, 0, out, g);
                int[] expected = naive(x, batch, g, w, 0, out);
                PackedActivations buffer = PackedActivations.pack(specialValues(rng, batch * 70 * 225).data(), 0,
                        batch, 70, 15, 15, win[2]);
                for (int threads : new int[] {1, 2, 3}) {
                    Parallel.setThreads(threads);
                    buffer = PackedActivations.reuse(buffer, batch, 70, 15, 15, win[2]);
                    buffer.packFrom(x, 0);
                    int[] y = new int[batch * out * g.outPixels()];
                    BinaryConvKernel.forward(buffer, pw, y, 0);
                    assertArrayEquals(expected, y, "threads " + threads + " window " + java.util.Arrays.toString(win));
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}
