package org.xnornet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xnornet.data.Batch;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.nn.BatchNorm;
import org.xnornet.nn.BinaryConv2d;
import org.xnornet.nn.Flatten;
import org.xnornet.nn.Layer;
import org.xnornet.nn.Mode;
import org.xnornet.nn.PRelu;
import org.xnornet.nn.Pooling;
import org.xnornet.nn.Sequential;
import org.xnornet.nn.SoftmaxCrossEntropy;
import org.xnornet.optim.Adam;
import org.xnornet.quant.GammaScaling;
import org.xnornet.quant.GammaShape;
import org.xnornet.quant.SteSign;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;
import org.xnornet.train.TrainStep;

/**
 * The differential test of packed inference: {@link PackedNetwork}'s logits against the training graph's
 * {@code net.forward(x, Mode.EVAL)} after two Adam steps and a random perturbation of Γ, BN, PReLU and running
 * statistics, with exact ±0 in the inputs and in front of the signs (BN channels with γ = β = ±0). Required:
 * max |packed − eval| ≤ 1e-5 · max |eval| and the same argmax per image; every sign-quantized binary convolution
 * must have run packed.
 */
class PackedNetworkTest {
    private static final int BATCH = 4;
    private static final double TOLERANCE = 1e-5;

    static Stream<String> specs() {
        List<String> s = new ArrayList<>();
        for (String input : List.of("1x28x28", "3x32x32")) {
            for (String scaling : List.of("none", "xnor", "gamma1", "gamma2", "gamma3", "gamma4")) {
                s.add("arch=small_resnet,input=" + input + ",classes=10,width=8,scaling=" + scaling);
            }
        }
        String small = "arch=small_resnet,input=1x28x28,classes=10,width=8,";
        s.add(small + "scaling=gamma3,activation=hardtanh,binary_downsample=true");
        s.add(small + "scaling=gamma4,activation=none,binary_downsample=true");
        s.add(small + "scaling=gamma1,activation=relu,input_quantizer=approx,binary_downsample=true");
        s.add(small + "binary=false");
        s.add("arch=resnet18,input=3x32x32,classes=10,width=16,scaling=gamma1");
        s.add("arch=resnet18,input=3x32x32,classes=10,width=16,scaling=xnor");
        s.add("arch=alexnet,input=3x63x63,classes=10,scaling=xnor,activation=none");
        return s.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void packedLogitsEqualTheEvalForward(String text) {
        Network net = Network.build(ModelSpec.parse(text));
        SplittableRandom rng = new SplittableRandom(text.hashCode());
        train(net, rng);
        perturb(net.parameters(), rng);
        putZerosBeforeSigns(net.root());
        Tensor x = input(net.spec().channels(), net.spec().height(), rng);
        PackedNetwork packed = PackedNetwork.of(net);
        assertEquals(signConvolutions(net.root()), packed.packedLayers().size(), text + ": " + packed.packedLayers());
        compare(text, net.forward(x, Mode.EVAL).data().clone(), packed.forward(x).data(), net.spec().classes());
        Tensor one = new Tensor(new int[] {1, x.dim(1), x.dim(2), x.dim(3)},
                java.util.Arrays.copyOfRange(x.data(), x.size() - x.sampleSize(), x.size()));
        compare(text + " (one image, buffers reshaped)", net.forward(one, Mode.EVAL).data().clone(),
                packed.forward(one).data(), net.spec().classes());
        compare(text + " (again)", net.forward(x, Mode.EVAL).data().clone(), packed.forward(x).data(),
                net.spec().classes());
    }

    /** conv → BN → PReLU in one Sequential, which the models never build: the stage fuses all three. */
    @Test
    void fusesTheBatchNormAndActivationThatFollowAConvolution() {
        SplittableRandom rng = new SplittableRandom(7);
        ParameterVector params = new ParameterVector();
        int[] in = {5, 9, 9};
        BatchNorm bn0 = new BatchNorm("bn0", params, 5);
        BinaryConv2d conv = new BinaryConv2d("conv", params, in, 70, 3, 2, 1, new SteSign(1f), new SteSign(1f),
                new GammaScaling(GammaShape.CASE_2), rng);
        BatchNorm bn = new BatchNorm("bn", params, 70);
        PRelu act = new PRelu("act", params, 70);
        Pooling pool = Pooling.global("pool", new int[] {70, 5, 5});
        Sequential root = new Sequential("root", List.of(bn0, conv, bn, act, pool, new Flatten("flatten")));
        float[] v = params.values();
        for (Parameter p : params.parameters()) {
            for (int i = p.offset(); i < p.offset() + p.length(); i++) {
                v[i] = p.role() == ParameterVector.Role.RUNNING_STAT && p.name().endsWith("running_var")
                        ? (float) rng.nextDouble(0.2, 2) : p.role() == ParameterVector.Role.SHADOW_WEIGHT
                        ? v[i] : (float) rng.nextDouble(-1.5, 1.5);
            }
        }
        putZerosBeforeSigns(root);
        PackedNetwork packed = PackedNetwork.of(root, params);
        assertEquals(List.of("conv+bn+act"), packed.packedLayers());
        Tensor x = input(5, 9, rng);
        compare("conv+bn+act", root.forward(x, Mode.EVAL).data().clone(), packed.forward(x).data(), 70);
    }

    private static void compare(String what, float[] eval, float[] ours, int classes) {
        double scale = 0;
        double worst = 0;
        int unequal = 0;
        for (int i = 0; i < eval.length; i++) {
            scale = Math.max(scale, Math.abs(eval[i]));
            worst = Math.max(worst, Math.abs(eval[i] - ours[i]));
            unequal += Float.floatToRawIntBits(eval[i]) == Float.floatToRawIntBits(ours[i]) ? 0 : 1;
        }
        System.out.printf("packed %-90s max |diff| %.3g, relative %.3g, %d of %d not bit-equal%n", what, worst,
                worst / scale, unequal, eval.length);
        assertTrue(scale > 0, what + ": outputs are all zero");
        assertTrue(worst <= TOLERANCE * scale, what + ": max |packed − eval| = " + worst + " exceeds " + TOLERANCE
                + " × the output scale " + scale);
        assertArrayEquals(argmax(eval, classes), argmax(ours, classes), what + ": argmax differs");
    }

    private static int signConvolutions(Layer layer) {
        int n = layer instanceof BinaryConv2d c && c.inputQuantizer().isSign() && c.kernelQuantizer().isSign() ? 1 : 0;
        for (Layer child : layer.children()) {
            n += signConvolutions(child);
        }
        return n;
    }

    /** Two Adam steps on random data, so that weights, Γ and running statistics leave their initial values. */
    private static void train(Network net, SplittableRandom rng) {
        Adam adam = Adam.defaults();
        adam.attach(net.parameters());
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0f);
        for (int step = 0; step < 2; step++) {
            Tensor images = input(net.spec().channels(), net.spec().height(), rng);
            int[] labels = rng.ints(BATCH, 0, net.spec().classes()).toArray();
            TrainStep.run(net, adam, new Batch(images, labels), 0.01f, 0, loss);
        }
    }

    /** Scales every Γ factor, BN term, PReLU slope and running statistic by a random factor in [0.5, 1.5]. */
    private static void perturb(ParameterVector params, SplittableRandom rng) {
        float[] v = params.values();
        for (Parameter p : params.parameters()) {
            ParameterVector.Role r = p.role();
            if (r == ParameterVector.Role.GAMMA || r == ParameterVector.Role.NORM
                    || r == ParameterVector.Role.ACTIVATION || r == ParameterVector.Role.RUNNING_STAT) {
                for (int i = p.offset(); i < p.offset() + p.length(); i++) {
                    v[i] *= (float) rng.nextDouble(0.5, 1.5);
                }
            }
        }
    }

    /** In every batch norm, channels c ≡ 0 (mod 4) get γ = β = +0 and c ≡ 1 get γ = β = −0. */
    private static void putZerosBeforeSigns(Layer layer) {
        if (layer instanceof BatchNorm bn) {
            for (int c = 0; c + 1 < bn.channels(); c += 4) {
                bn.gamma().set(c, 0f);
                bn.beta().set(c, 0f);
                bn.gamma().set(c + 1, -0f);
                bn.beta().set(c + 1, -0f);
            }
        }
        for (Layer child : layer.children()) {
            putZerosBeforeSigns(child);
        }
    }

    /** Standard normal square images in which a tenth of the values are +0 and a twentieth −0. */
    private static Tensor input(int channels, int size, SplittableRandom rng) {
        Tensor x = Tensor.zeros(BATCH, channels, size, size);
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            double u = rng.nextDouble();
            d[i] = u < 0.1 ? 0f : u < 0.15 ? -0f : (float) (Math.sqrt(-2 * Math.log(1 - rng.nextDouble()))
                    * Math.cos(2 * Math.PI * rng.nextDouble()));
        }
        return x;
    }

    private static int[] argmax(float[] logits, int classes) {
        int[] best = new int[logits.length / classes];
        for (int n = 0; n < best.length; n++) {
            for (int k = 1; k < classes; k++) {
                if (logits[n * classes + k] > logits[n * classes + best[n]]) {
                    best[n] = k;
                }
            }
        }
        return best;
    }
}
