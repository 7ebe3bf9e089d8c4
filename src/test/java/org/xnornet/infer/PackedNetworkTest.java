package org.xnornet.infer;

import static org.xnornet.testing.TrainedNets.argmax;
import static org.xnornet.testing.TrainedNets.input;
import static org.xnornet.testing.TrainedNets.perturb;
import static org.xnornet.testing.TrainedNets.putZerosBeforeSigns;
import static org.xnornet.testing.TrainedNets.train;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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
import org.xnornet.optim.Adam;
import org.xnornet.quant.GammaScaling;
import org.xnornet.quant.GammaShape;
import org.xnornet.quant.SteSign;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/**
 * The differential test of packed inference: {@link PackedNetwork}'s logits against the training graph's
 * {@code net.forward(x, Mode.EVAL)} after two Adam steps and a random perturbation of Γ, BN, PReLU and running
 * statistics, with exact ±0 in the inputs and in front of the signs (BN channels with γ = β = ±0). Required:
 * max |packed − eval| ≤ 1e-5 · max |eval| and the same argmax per image; every sign-quantized binary convolution
 * must have run packed.
 */
class PackedNetworkTest {
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
        // 64² inputs: the stem's 32² outputs fill a GEMM chunk alone, so the stem runs fused (ConvNormPool)
        s.add("arch=resnet18,input=3x64x64,classes=10,width=16,scaling=gamma2");
        for (String scaling : List.of("none", "xnor", "gamma2", "gamma3", "gamma4")) {
            s.add("arch=resnet18,input=3x32x32,classes=10,width=16,scaling=" + scaling);
        }
        for (String scaling : List.of("none", "gamma1", "gamma4")) {
            s.add("arch=alexnet,input=3x63x63,classes=10,scaling=" + scaling);
        }
        s.add("arch=alexnet,input=3x63x63,classes=10,scaling=xnor,activation=none");
        for (String scaling : List.of("none", "xnor", "gamma1", "gamma2", "gamma3", "gamma4")) {
            s.add("arch=small_alexnet,input=1x28x28,classes=10,width=8,scaling=" + scaling);
        }
        s.add("arch=small_alexnet,input=3x32x32,classes=10,width=8,scaling=gamma1");
        s.add("arch=small_alexnet,input=1x28x28,classes=10,width=8,binary=false");
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
        Tensor x = input(net.spec().channels(), net.spec().height(), net.spec().width(), rng);
        PackedNetwork packed = PackedNetwork.of(net);
        assertEquals(signConvolutions(net.root()), packed.packedLayers().size(), text + ": " + packed.packedLayers());
        boolean linked = net.spec().binary() && !text.contains("scaling=xnor");
        // ResNets: the two units of each block; AlexNet: conv3 → conv4 → conv5 and fc6 → fc7 (dense as convolution);
        // the small AlexNet: conv3 → conv4 and fc5 → fc6.
        int links = text.startsWith("arch=alexnet") ? 3 : text.startsWith("arch=small_alexnet") ? 2
                : residualBlocks(net.root());
        assertEquals(linked ? links : 0, packed.bitLinks(), text + ": units linked by bits");
        if (linked) {
            int norms = text.contains("alexnet") ? 1 : residualBlocks(net.root());
            assertTrue(packed.packingNorms() >= norms, text + ": norms fused into packing");
        } else {
            assertEquals(0, packed.packingNorms(), text + ": norms fused into packing");
        }
        // every residual body ends in a packed unit (conv, BN, activation) whose stage adds the shortcut
        assertEquals(net.spec().binary() ? residualBlocks(net.root()) : 0, packed.fusedShortcuts(),
                text + ": shortcuts added by a stage");
        // the stem runs fused where its convolution's output fills a GEMM chunk alone (≥ 1024 pixels)
        boolean fusedStem = text.contains("input=3x64x64") || text.startsWith("arch=small_alexnet,input=3x32x32");
        assertEquals(fusedStem ? 1 : 0, packed.fusedStems(), text + ": stems run fused");
        float[] eval = net.forward(x, Mode.EVAL).data().clone();
        float[] byImage = packed.forward(x).data();
        compare(text, eval, byImage, net.spec().classes());
        compare(text + " (whole batch)", eval, packed.splitByImage(false).forward(x).data(), net.spec().classes());
        packed.splitByImage(true);
        compare(text + " (a lane's copy of the graph, whole batch)", eval, packed.newLane().forward(x).data(),
                net.spec().classes());
        Tensor one = new Tensor(new int[] {1, x.dim(1), x.dim(2), x.dim(3)},
                java.util.Arrays.copyOfRange(x.data(), x.size() - x.sampleSize(), x.size()));
        float[] alone = packed.forward(one).data();
        compare(text + " (one image, buffers reshaped)", net.forward(one, Mode.EVAL).data().clone(), alone,
                net.spec().classes());
        // image by image, an image's logits are those it has run alone, bit for bit
        assertArrayEquals(bits(alone), bits(java.util.Arrays.copyOfRange(byImage, byImage.length - alone.length,
                byImage.length)), text + ": the last image's logits differ from its logits alone");
        compare(text + " (again)", net.forward(x, Mode.EVAL).data().clone(), packed.forward(x).data(),
                net.spec().classes());
    }

    private static int residualBlocks(org.xnornet.nn.Layer layer) {
        int n = layer instanceof org.xnornet.nn.Residual ? 1 : 0;
        for (org.xnornet.nn.Layer child : layer.children()) {
            n += residualBlocks(child);
        }
        return n;
    }

    /** Lanes made after the network changed run the values it had when packed, as the packed filters do. */
    @Test
    void lanesRunTheRealParametersOfWhenTheNetworkWasPacked() {
        String text = "arch=resnet18,input=3x32x32,classes=10,width=16,scaling=gamma1";
        Network net = Network.build(ModelSpec.parse(text));
        SplittableRandom rng = new SplittableRandom(7);
        train(net, rng);
        perturb(net.parameters(), rng);
        Tensor x = input(3, 32, 32, rng);
        PackedNetwork packed = PackedNetwork.of(net);
        float[] before = packed.newLane().forward(x).data().clone();
        for (Parameter p : net.parameters().parameters()) {
            for (int i = 0; i < p.length(); i++) {
                p.set(i, p.get(i) * 1.5f + 0.25f);
            }
        }
        assertArrayEquals(bits(before), bits(packed.newLane().forward(x).data()));
        assertTrue(!java.util.Arrays.equals(before, PackedNetwork.of(net).forward(x).data()),
                "the change made no difference, so the test shows nothing");
    }

    /** A batch of the wrong shape is refused naming the shape it has, not a lane's single image. */
    @Test
    void aBatchOfTheWrongShapeIsRefusedNamingItsShape() {
        Network net = Network.build(ModelSpec.parse("arch=small_resnet,input=1x28x28,classes=10,width=8"));
        PackedNetwork packed = PackedNetwork.of(net);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> packed.forward(Tensor.zeros(3, 1, 27, 28)));
        assertEquals("packed network for [N, 1, 28, 28] input got [3, 1, 27, 28]", e.getMessage());
        // the lanes are unharmed: a good batch still scores
        compare("after a refused batch", net.forward(input(1, 28, 28, new SplittableRandom(2)), Mode.EVAL).data()
                .clone(), packed.forward(input(1, 28, 28, new SplittableRandom(2))).data(), 10);
    }

    static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
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
        Tensor x = input(5, 9, 9, rng);
        compare("conv+bn+act", root.forward(x, Mode.EVAL).data().clone(), packed.forward(x).data(), 70);
    }

    /** A graph that ends in a packed stage: its output buffer is reused, so forward must hand out a copy. */
    @Test
    void theOutputIsTheCallersEvenWhereAStageBufferIsReused() {
        SplittableRandom rng = new SplittableRandom(11);
        ParameterVector params = new ParameterVector();
        BinaryConv2d conv = new BinaryConv2d("conv", params, new int[] {3, 6, 6}, 5, 3, 1, 1, new SteSign(1f),
                new SteSign(1f), new GammaScaling(GammaShape.CASE_1), rng);
        Sequential root = new Sequential("root", List.of(conv));
        PackedNetwork packed = PackedNetwork.of(root, params);
        Tensor x1 = input(3, 6, 6, rng);
        Tensor x2 = input(3, 6, 6, rng);
        float[] first = packed.forward(x1).data();
        float[] kept = first.clone();
        float[] second = packed.forward(x2).data();
        assertNotSame(first, second);
        assertArrayEquals(kept, first, "the first call's output was overwritten");
        compare("root ending in a stage", root.forward(x2, Mode.EVAL).data().clone(), second, 5);
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






}
