package org.xnornet.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;
import org.xnornet.testing.GradCheck;

/** Finite-difference checks of every real-valued layer's input and parameter gradients, on inputs with exact zeros. */
class LayerGradientTest {
    private final GradCheck check = GradCheck.standard();
    private final SplittableRandom rng = new SplittableRandom(11);

    private Tensor input(int... shape) {
        return GradCheck.randomWithZeros(rng, 0.1, shape);
    }

    @ParameterizedTest(name = "conv k{0} s{1} p{2} bias {3}")
    @CsvSource({"3,1,1,true", "3,2,1,false", "1,2,0,true", "5,1,2,false", "2,3,0,true", "2,1,0,false", "3,1,0,true",
        "1,1,0,false", "3,1,2,true"})
    void conv2d(int kernel, int stride, int padding, boolean bias) {
        ParameterVector p = new ParameterVector();
        Conv2d conv = new Conv2d("conv", p, new int[] {3, 7, 6}, 4, kernel, stride, padding, bias, rng);
        check.checkLayer("conv", conv, p, input(2, 3, 7, 6), Mode.TRAIN, 1);
    }

    @Test
    void linear() {
        ParameterVector p = new ParameterVector();
        check.checkLayer("linear", new Linear("fc", p, 12, 5, true, rng), p, input(3, 12), Mode.TRAIN, 2);
    }

    @Test
    void batchNormImage() {
        ParameterVector p = new ParameterVector();
        BatchNorm bn = new BatchNorm("bn", p, 3);
        randomize(p, "bn.gamma");
        randomize(p, "bn.beta");
        check.checkLayer("bn", bn, p, input(4, 3, 3, 2), Mode.TRAIN, 3);
    }

    @Test
    void batchNormGhost() {
        ParameterVector p = new ParameterVector();
        BatchNorm bn = new BatchNorm("bn", p, 3);
        randomize(p, "bn.gamma");
        check.checkLayer("bn-ghost", bn, p, input(6, 3, 2, 2), Mode.train(2), 4);
    }

    @Test
    void batchNormFeatures() {
        ParameterVector p = new ParameterVector();
        BatchNorm bn = new BatchNorm("bn", p, 5);
        check.checkLayer("bn1d", bn, p, input(6, 5), Mode.TRAIN, 5);
    }

    @Test
    void activations() {
        check.checkLayer("relu", new Activation("relu", Activation.Kind.RELU), new ParameterVector(),
                input(2, 3, 4, 4), Mode.TRAIN, 6);
        Tensor wide = input(2, 3, 4, 4);
        for (int i = 0; i < wide.size(); i++) {
            wide.data()[i] *= 2;
        }
        check.checkLayer("hardtanh", new Activation("ht", Activation.Kind.HARDTANH), new ParameterVector(), wide,
                Mode.TRAIN, 7);
        ParameterVector p = new ParameterVector();
        PRelu prelu = new PRelu("prelu", p, 3);
        check.checkLayer("prelu", prelu, p, input(2, 3, 4, 4), Mode.TRAIN, 8);
    }

    @Test
    void pooling() {
        check.checkLayer("maxpool", new Pooling("mp", Pooling.Kind.MAX, new int[] {2, 7, 7}, 3, 2, 1),
                new ParameterVector(), input(2, 2, 7, 7), Mode.TRAIN, 9);
        check.checkLayer("avgpool", new Pooling("ap", Pooling.Kind.AVG, new int[] {2, 6, 6}, 2, 2, 0),
                new ParameterVector(), input(2, 2, 6, 6), Mode.TRAIN, 10);
        check.checkLayer("global", Pooling.global("gp", new int[] {3, 5, 5}), new ParameterVector(),
                input(2, 3, 5, 5), Mode.TRAIN, 11);
    }

    @Test
    void residualWithDownsample() {
        ParameterVector p = new ParameterVector();
        int[] in = {2, 6, 6};
        Sequential body = new Sequential("body", List.of(new Conv2d("c1", p, in, 4, 3, 2, 1, false, rng),
                new PRelu("a1", p, 4)));
        Sequential shortcut = new Sequential("ds", List.of(new Conv2d("ds", p, in, 4, 1, 2, 0, false, rng),
                new BatchNorm("dsbn", p, 4)));
        check.checkLayer("residual", new Residual("res", body, shortcut), p, input(3, 2, 6, 6), Mode.TRAIN, 12);
    }

    @Test
    void softmaxCrossEntropyWithSmoothing() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(0.1f);
        Tensor logits = input(4, 6);
        int[] labels = {0, 5, 2, 2};
        float[] analytic = ce.evaluate(logits, labels).gradient().data();
        java.util.List<String> failures = new java.util.ArrayList<>();
        check.compare("softmax-ce", logits.data(), analytic, () -> ce.evaluate(logits, labels).loss(), rng, failures);
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), failures);
    }

    private void randomize(ParameterVector p, String name) {
        var slice = p.get(name);
        for (int i = 0; i < slice.length(); i++) {
            slice.set(i, (float) (0.5 + rng.nextDouble()));
        }
    }
}
