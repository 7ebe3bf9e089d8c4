package org.xnornet.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.nn.Mode;
import org.xnornet.tensor.Tensor;

/** The reconstruction errors of binary layers: which layers, and what each scaling's error must be. */
class ReconstructionStudyTest {
    private static Tensor input(ModelSpec spec, int batch) {
        Tensor x = Tensor.zeros(batch, spec.channels(), spec.height(), spec.width());
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    private static List<ReconstructionStudy.LayerError> measure(String spec) {
        ModelSpec s = ModelSpec.parse(spec);
        return ReconstructionStudy.measure(Network.build(s), input(s, 3));
    }

    @Test
    void everyBinaryLayerIsMeasuredOnceAndTheForwardIsUnchanged() {
        ModelSpec s = ModelSpec.parse("arch=small_resnet,width=8,scaling=gamma2");
        Network net = Network.build(s);
        Tensor x = input(s, 3);
        float[] before = net.forward(x, Mode.EVAL).data().clone();
        List<ReconstructionStudy.LayerError> errors = ReconstructionStudy.measure(net, x);
        assertEquals(6, errors.size(), "three basic blocks of two binary units");
        assertEquals("block1.unit1.conv", errors.get(0).layer());
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(net.forward(x, Mode.EVAL).data()));
        for (var e : errors) {
            assertTrue(e.own() > 0 && e.analytic() > 0 && Double.isFinite(e.unscaled()), e.toString());
        }
    }

    @Test
    void theAnalyticNetworksOwnScalingIsTheAnalyticOneAndNoneIsUnscaled() {
        for (var e : measure("arch=small_alexnet,width=4,scaling=xnor")) {
            assertEquals(e.analytic(), e.own(), 1e-12, e.layer());
        }
        for (var e : measure("arch=small_resnet,width=8,scaling=none")) {
            assertEquals(e.unscaled(), e.own(), 1e-12, e.layer());
        }
    }

    @Test
    void scalingByTheWeightsMeanMagnitudeBeatsNoScaling() {
        // Γ case 1 starts at α = ‖W‖₁/n, XNOR-Net's weight factor: far closer to the real convolution than ±1 sums
        for (var e : measure("arch=small_resnet,width=8,scaling=gamma1")) {
            assertTrue(e.own() < e.unscaled() && e.analytic() < e.unscaled(), e.toString());
        }
        assertTrue(measure("arch=small_resnet,width=8,binary=false").isEmpty(), "the float twin has no binary layer");
    }
}
