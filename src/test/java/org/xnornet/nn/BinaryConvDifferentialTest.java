package org.xnornet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xnornet.kernel.Conv;
import org.xnornet.kernel.ConvGeometry;
import org.xnornet.quant.ApproxSign;
import org.xnornet.quant.Identity;
import org.xnornet.quant.Quantizer;
import org.xnornet.quant.Scaling;
import org.xnornet.quant.SteSign;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;
import org.xnornet.testing.GradCheck;

/**
 * A binary convolution equals a float {@link Conv2d} run on sign(x) and sign(W), multiplied by the
 * expanded scale, computed independently here from the layer's parameters; and at ≥ 16 channels, where its 3×3
 * stride-1 convolution runs by Winograd, it gives im2col's outputs and gradients.
 */
class BinaryConvDifferentialTest {
    @ParameterizedTest
    @ValueSource(strings = {"gamma1", "gamma2", "gamma3", "gamma4", "xnor", "none"})
    void equalsFloatConvOnSignsTimesScale(String scalingName) {
        SplittableRandom rng = new SplittableRandom(3);
        int[] in = {5, 9, 8};
        int out = 6;
        ParameterVector bp = new ParameterVector();
        BinaryConv2d binary = new BinaryConv2d("b", bp, in, out, 3, 2, 1, new SteSign(1f), new SteSign(1f),
                Scaling.parse(scalingName), rng);
        for (Parameter p : bp.parameters()) {
            if (p.role() == ParameterVector.Role.GAMMA) {
                for (int i = 0; i < p.length(); i++) {
                    p.set(i, (float) rng.nextGaussian());
                }
            }
        }
        ParameterVector fp = new ParameterVector();
        Conv2d real = new Conv2d("f", fp, in, out, 3, 2, 1, false, rng);
        Parameter bw = binary.weight();
        Parameter fw = real.weight();
        for (int i = 0; i < bw.length(); i++) {
            fw.set(i, bw.get(i) >= 0 ? 1f : -1f);
        }
        Tensor x = GradCheck.randomWithZeros(rng, 0.1, 3, 5, 9, 8);
        Tensor signs = x.copy();
        for (int i = 0; i < signs.size(); i++) {
            signs.data()[i] = x.data()[i] >= 0 ? 1f : -1f;
        }
        Tensor y = binary.forward(x, Mode.EVAL);
        Tensor z = real.forward(signs, Mode.EVAL);
        ConvGeometry g = binary.geometry();
        int oh = g.outHeight();
        int ow = g.outWidth();
        for (int n = 0; n < 3; n++) {
            for (int o = 0; o < out; o++) {
                for (int yy = 0; yy < oh; yy++) {
                    for (int xx = 0; xx < ow; xx++) {
                        int idx = ((n * out + o) * oh + yy) * ow + xx;
                        float s = expectedScale(scalingName, bp, binary, x, n, o, yy, xx);
                        assertEquals(z.data()[idx] * s, y.data()[idx], 1e-4f * (1 + Math.abs(y.data()[idx])),
                                scalingName + " at " + idx);
                    }
                }
            }
        }
    }

    /** The scale of output (n, o, y, x), from the paper's definitions. */
    private static float expectedScale(String kind, ParameterVector p, BinaryConv2d layer, Tensor x, int n, int o,
                                       int yy, int xx) {
        ConvGeometry g = layer.geometry();
        int oh = g.outHeight();
        int ow = g.outWidth();
        switch (kind) {
            case "gamma1":
                return p.get("b.alpha").get(o);
            case "gamma2":
                return p.get("b.gamma").get((o * oh + yy) * ow + xx);
            case "gamma3":
                return p.get("b.alpha").get(o) * p.get("b.beta").get(yy * ow + xx);
            case "gamma4":
                return p.get("b.alpha").get(o) * p.get("b.beta").get(yy) * p.get("b.gamma").get(xx);
            case "xnor": {
                Parameter w = layer.weight();
                int per = g.patchSize();
                double alpha = 0;
                for (int i = 0; i < per; i++) {
                    alpha += Math.abs(w.get(o * per + i));
                }
                alpha /= per;
                double k = 0;
                for (int ki = 0; ki < 3; ki++) {
                    for (int kj = 0; kj < 3; kj++) {
                        int iy = yy * g.stride() - g.padding() + ki;
                        int ix = xx * g.stride() - g.padding() + kj;
                        if (iy < 0 || ix < 0 || iy >= g.height() || ix >= g.width()) {
                            continue;
                        }
                        double a = 0;
                        for (int c = 0; c < g.channels(); c++) {
                            a += Math.abs(x.data()[((n * g.channels() + c) * g.height() + iy) * g.width() + ix]);
                        }
                        k += a / g.channels();
                    }
                }
                return (float) (alpha * k / 9);
            }
            default:
                return 1f;
        }
    }

    /**
     * 3×3 stride-1 layers of ≥ 16 channels both ways run by Winograd: the forward pass in exact integers (so outputs
     * and the scaling's gradients, which see only outputs, equal im2col's bit for bit), the backward with float
     * transforms, whose sixths and twenty-fourths round: the gradients of x and of the shadow weights equal im2col's
     * to 3e-5 of each one's largest magnitude (measured worst 3.3e-6 for x, 2.7e-6 for the weights).
     */
    @ParameterizedTest
    @ValueSource(strings = {"gamma1", "gamma2", "xnor"})
    void winogradGivesIm2colsOutputsAndGradients(String scalingName) {
        SplittableRandom rng = new SplittableRandom(7);
        boolean before = Conv.usesWinograd();
        try {
            // {in, out, height, width}
            for (int[] s : new int[][] {{16, 16, 7, 7}, {16, 32, 9, 6}, {32, 16, 8, 8}}) {
                for (Quantizer q : new Quantizer[] {new SteSign(1f), new ApproxSign()}) {
                    ParameterVector p = new ParameterVector();
                    BinaryConv2d conv = new BinaryConv2d("b", p, new int[] {s[0], s[2], s[3]}, s[1], 3, 1, 1, q, q,
                            Scaling.parse(scalingName), rng);
                    for (Parameter param : p.parameters()) {
                        if (param.role() == ParameterVector.Role.GAMMA) {
                            for (int i = 0; i < param.length(); i++) {
                                param.set(i, (float) (0.5 + rng.nextDouble()));
                            }
                        }
                    }
                    Tensor x = GradCheck.randomWithZeros(rng, 0.1, 3, s[0], s[2], s[3]);
                    Tensor dy = GradCheck.randomWithZeros(rng, 0, 3, s[1], s[2], s[3]);
                    float[][] winograd = forwardBackward(true, conv, p, x, dy);
                    float[][] im2col = forwardBackward(false, conv, p, x, dy);
                    String what = scalingName + " " + q.name() + " " + java.util.Arrays.toString(s);
                    assertArrayEquals(im2col[0], winograd[0], "y " + what);
                    assertClose(im2col[1], winograd[1], "dx " + what);
                    for (Parameter param : p.parameters()) {
                        int from = param.offset();
                        int to = from + param.length();
                        float[] a = java.util.Arrays.copyOfRange(im2col[2], from, to);
                        float[] b = java.util.Arrays.copyOfRange(winograd[2], from, to);
                        if (param.role() == ParameterVector.Role.SHADOW_WEIGHT) {
                            assertClose(a, b, param.name() + " " + what);
                        } else {
                            assertArrayEquals(a, b, param.name() + " " + what);
                        }
                    }
                }
            }
        } finally {
            Conv.useWinograd(before);
        }
    }

    /** {y, dx, every parameter's gradient} of one training step's forward and backward, Winograd on or off. */
    private static float[][] forwardBackward(boolean winograd, BinaryConv2d conv, ParameterVector p, Tensor x,
                                             Tensor dy) {
        Conv.useWinograd(winograd);
        p.zeroGrads();
        float[] y = conv.forward(x, Mode.TRAIN).data().clone();
        float[] dx = conv.backward(dy).data().clone();
        return new float[][] {y, dx, p.grads().clone()};
    }

    /** |expected − actual| ≤ 3e-5 · max(1, max |expected|), element by element. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        double scale = 1;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 3e-5 * scale, what + " at " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gamma2", "gamma3", "gamma4"})
    void spatialGammaRejectsOtherInputSizesNamingLayerAndSizes(String scalingName) {
        ParameterVector p = new ParameterVector();
        BinaryConv2d conv = new BinaryConv2d("stage2.conv", p, new int[] {2, 8, 8}, 3, 3, 1, 1, new SteSign(1f),
                new Identity(), Scaling.parse(scalingName), new SplittableRandom(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(Tensor.zeros(1, 2, 10, 10), Mode.EVAL));
        assertTrue(e.getMessage().contains("stage2.conv") && e.getMessage().contains("8x8")
                && e.getMessage().contains("10x10"), e.getMessage());
    }
}
