package org.xnornet.model;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xnornet.nn.Mode;
import org.xnornet.quant.Quantizer;
import org.xnornet.quant.Scaling;
import org.xnornet.quant.SteSign;
import org.xnornet.tensor.Tensor;
import org.xnornet.testing.GradCheck;

/**
 * Whole-network finite-difference check of the small residual binary net (stem, three basic blocks with a
 * downsample, pooling, FC), with each quantizer replaced by its smooth surrogate, for every scaling.
 * The step is 1e-3: batch statistics couple every value, so a larger step in an early layer crosses kinks
 * (ReLU, hardtanh) on both sides at once downstream.
 */
class NetworkGradientTest {
    @ParameterizedTest
    @ValueSource(strings = {"gamma1", "gamma2", "gamma3", "gamma4", "xnor"})
    void smallResidualNetGradientsMatchFiniteDifferences(String scaling) {
        Quantizer s = new SteSign(1f).surrogate();
        ModelSpec spec = ModelSpec.small(2, 8, 3, Scaling.parse(scaling)).withBaseWidth(3).withQuantizers(s, s)
                .withBinaryDownsample(true);
        Network net = Network.build(spec);
        Tensor x = GradCheck.randomWithZeros(new SplittableRandom(2), 0.1, 4, 2, 8, 8);
        new GradCheck(1e-3, 5e-3, 2e-2, 12).checkLayer("net/" + scaling, net.root(), net.parameters(), x, Mode.TRAIN,
                3);
    }
}
