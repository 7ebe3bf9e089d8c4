package org.xnornet.infer;

import org.xnornet.nn.BinaryConv2d;
import org.xnornet.quant.GammaShape;
import org.xnornet.tensor.ParameterVector;

/**
 * XNOR-Net++'s learned scale Γ of a binary convolution as its factors (what a model file stores) and as the
 * per-output factor S an {@link OutputStage} multiplies by, expanded in {@code GammaScaling}'s float order.
 */
final class GammaTerms {
    private GammaTerms() {
    }

    /** The learned factors of Γ under {@code GammaScaling}'s names: {α}, {Γ}, {α, β} or {α, β, γ} by case. */
    static float[][] factors(ParameterVector params, BinaryConv2d conv, GammaShape shape) {
        String name = conv.name();
        if (shape == GammaShape.CASE_1) {
            return new float[][] {params.get(name + ".alpha").toArray()};
        }
        if (shape == GammaShape.CASE_2) {
            return new float[][] {params.get(name + ".gamma").toArray()};
        }
        float[] a = params.get(name + ".alpha").toArray();
        float[] b = params.get(name + ".beta").toArray();
        return shape == GammaShape.CASE_3 ? new float[][] {a, b}
                : new float[][] {a, b, params.get(name + ".gamma").toArray()};
    }

    /** S from Γ's factors for {@code o} channels of {@code h × w} outputs: case 1 and 2 as they are, else products. */
    static float[] expand(GammaShape shape, float[][] f, int o, int h, int w) {
        if (shape == GammaShape.CASE_1 || shape == GammaShape.CASE_2) {
            return f[0];
        }
        float[] a = f[0];
        float[] b = f[1];
        float[] g = shape == GammaShape.CASE_4 ? f[2] : null;
        float[] s = new float[o * h * w];
        for (int c = 0; c < o; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    s[c * h * w + p] = g == null ? a[c] * b[p] : a[c] * b[y] * g[x];
                }
            }
        }
        return s;
    }
}
