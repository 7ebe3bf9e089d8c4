package org.xnornet.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xnornet.nn.Activation;
import org.xnornet.nn.BatchNorm;
import org.xnornet.nn.Conv2d;
import org.xnornet.nn.Layer;
import org.xnornet.nn.Mode;
import org.xnornet.nn.Pooling;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/**
 * The fused stem against its four layers run one by one in evaluation, bit for bit: batch norm channels with γ of
 * both signs, γ = ±0, infinite or NaN terms, and inputs with NaN and infinities, so that every channel's path runs
 * (pool first by maxima, by minima, or the long way). A NaN output need only be NaN.
 */
class ConvNormPoolTest {
    private static final int CHANNELS = 12;

    @Test
    void theFusedStemGivesTheLayersBitsOnEveryChannelPath() {
        for (Activation.Kind kind : Activation.Kind.values()) {
            SplittableRandom rng = new SplittableRandom(11 + kind.ordinal());
            ParameterVector params = new ParameterVector();
            int[] in = {3, 64, 64};
            Conv2d conv = new Conv2d("conv", params, in, CHANNELS, 7, 2, 3, kind == Activation.Kind.RELU, rng);
            BatchNorm bn = new BatchNorm("bn", params, CHANNELS);
            Activation act = new Activation("act", kind);
            Pooling pool = new Pooling("pool", Pooling.Kind.MAX, new int[] {CHANNELS, 32, 32}, 3, 2, 1);
            List<Layer> layers = List.of(conv, bn, act, pool);
            float[] gamma = {1.3f, -0.7f, 0f, -0f, 2f, -2f, Float.NaN, 0.5f, -1e-3f, 1e-3f, Float.POSITIVE_INFINITY, 1f};
            for (int c = 0; c < CHANNELS; c++) {
                bn.gamma().set(c, gamma[c]);
                bn.beta().set(c, (float) rng.nextDouble(-1, 1));
                bn.runningMean().set(c, (float) rng.nextDouble(-0.5, 0.5));
                bn.runningVar().set(c, (float) rng.nextDouble(0.5, 2));
            }
            bn.runningMean().set(CHANNELS - 1, Float.NaN);
            Tensor x = new Tensor(new int[] {3, 3, 64, 64}, new float[3 * 3 * 64 * 64]);
            float[] xs = x.data();
            for (int i = 0; i < xs.length; i++) {
                xs[i] = (float) rng.nextGaussian();
            }
            xs[64 * 20 + 17] = Float.NaN;
            xs[64 * 64 * 3 + 64 * 40 + 3] = Float.POSITIVE_INFINITY;
            xs[64 * 64 * 7 + 64 * 9 + 50] = Float.NEGATIVE_INFINITY;
            Tensor want = x;
            for (Layer l : layers) {
                want = l.forward(want, Mode.EVAL);
            }
            ConvNormPool fused = ConvNormPool.at(layers, 0);
            assertNotNull(fused);
            assertTrue(fused.applies(), "32² outputs fill a GEMM chunk alone");
            float[] got = fused.forward(x).data();
            float[] expected = want.data();
            assertEquals(expected.length, got.length);
            int nans = 0;
            for (int i = 0; i < got.length; i++) {
                nans += Float.isNaN(expected[i]) ? 1 : 0;
                if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(got[i])
                        && !(Float.isNaN(expected[i]) && Float.isNaN(got[i]))) {
                    throw new AssertionError(kind + " output " + i + " (channel " + i / 256 % CHANNELS + "): "
                            + got[i] + " for " + expected[i]);
                }
            }
            assertTrue(nans > 0 && nans < got.length / 4, kind + ": some NaN outputs, not most: " + nans);
        }
    }
}
