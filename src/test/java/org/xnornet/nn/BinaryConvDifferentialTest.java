package org.xnornet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xnornet.kernel.ConvGeometry;
import org.xnornet.quant.Identity;
import org.xnornet.quant.Scaling;
import org.xnornet.quant.SteSign;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;
import org.xnornet.testing.GradCheck;

/**
 * A binary convolution equals a float {@link Conv2d} run on sign(x) and sign(W), multiplied by the
 * expanded scale, computed independently here from the layer's parameters.
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
