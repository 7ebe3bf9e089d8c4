package org.xnornet.nn;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xnornet.quant.ApproxSign;
import org.xnornet.quant.GammaScaling;
import org.xnornet.quant.GammaShape;
import org.xnornet.quant.NoScaling;
import org.xnornet.quant.Quantizer;
import org.xnornet.quant.Scaling;
import org.xnornet.quant.SteSign;
import org.xnornet.quant.XnorAnalyticScaling;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;
import org.xnornet.testing.GradCheck;

/**
 * Finite-difference checks of BinaryConv2d for every scaling (Γ cases 1–4, XNOR analytic, none) and both
 * quantizers. Sign is a step, so the layer runs with each quantizer's surrogate — a smooth function whose
 * true derivative is the quantizer's surrogate gradient — through the same backward code.
 */
class BinaryConvGradientTest {
    static Stream<Arguments> cases() {
        Scaling[] scalings = {new GammaScaling(GammaShape.CASE_1), new GammaScaling(GammaShape.CASE_2),
            new GammaScaling(GammaShape.CASE_3), new GammaScaling(GammaShape.CASE_4), new XnorAnalyticScaling(),
            new NoScaling()};
        Quantizer[] quantizers = {new SteSign(1f), new ApproxSign()};
        Stream.Builder<Arguments> b = Stream.builder();
        for (Scaling s : scalings) {
            for (Quantizer q : quantizers) {
                b.add(Arguments.of(s, q, 1, 1));
                b.add(Arguments.of(s, q, 2, 0));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1} stride {2} pad {3}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(Scaling scaling, Quantizer q, int stride, int padding) {
        SplittableRandom rng = new SplittableRandom(21);
        ParameterVector p = new ParameterVector();
        Quantizer surrogate = q.surrogate();
        BinaryConv2d conv = new BinaryConv2d("bconv", p, new int[] {3, 6, 5}, 4, 3, stride, padding, surrogate,
                surrogate, scaling, rng);
        // Spread the learned factors away from their initial values so each term of the product rule matters.
        for (Parameter param : p.parameters()) {
            if (param.role() == ParameterVector.Role.GAMMA) {
                for (int i = 0; i < param.length(); i++) {
                    param.set(i, (float) (0.5 + rng.nextDouble()));
                }
            }
        }
        Tensor x = GradCheck.randomWithZeros(rng, 0.15, 2, 3, 6, 5);
        GradCheck.standard().checkLayer(scaling.name() + "/" + q.name(), conv, p, x, Mode.TRAIN, 5);
    }
}
