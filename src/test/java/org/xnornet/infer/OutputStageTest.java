package org.xnornet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xnornet.kernel.ConvGeometry;
import org.xnornet.nn.Activation;
import org.xnornet.nn.BatchNorm;
import org.xnornet.nn.BinaryConv2d;
import org.xnornet.nn.Layer;
import org.xnornet.nn.Mode;
import org.xnornet.nn.PRelu;
import org.xnornet.quant.GammaScaling;
import org.xnornet.quant.GammaShape;
import org.xnornet.quant.NoScaling;
import org.xnornet.quant.Scaling;
import org.xnornet.quant.SteSign;
import org.xnornet.quant.XnorAnalyticScaling;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/**
 * The fused output stage against the training layers in {@code Mode.EVAL}: (BinaryConv2d → BatchNorm → activation)
 * for every scaling and activation gives the same floats bit for bit; its packed signs equal {@link SignBits} of
 * those floats word for word, and a second binary convolution reading them equals training's; and each threshold
 * rule equals the float expression at every accumulator in [−K, K], ties included (Γ and BN chosen so many
 * thresholds fall on integers), with negative and zero BN scales and Γ, and PReLU slopes negative, zero or tiny.
 */
class OutputStageTest {
    private static final Scaling[] SCALINGS = {new NoScaling(), new GammaScaling(GammaShape.CASE_1),
        new GammaScaling(GammaShape.CASE_2), new GammaScaling(GammaShape.CASE_3),
        new GammaScaling(GammaShape.CASE_4), new XnorAnalyticScaling()};
    /** {channels, height, width, kernel, stride, padding, out}. */
    private static final int[][] SHAPES = {{3, 7, 9, 3, 1, 1, 5}, {65, 5, 5, 3, 2, 1, 70}, {70, 7, 7, 1, 1, 0, 13},
        {5, 9, 7, 5, 2, 2, 66}, {64, 6, 5, 3, 1, 0, 64}};
    private static final String[] ACTIVATIONS = {"none", "relu", "hardtanh", "prelu"};

    /** One layer chain built from a trained-looking parameter vector. */
    private record Chain(ParameterVector params, BinaryConv2d conv, BatchNorm bn, Layer act) {
        Tensor forward(Tensor x) {
            Tensor y = conv.forward(x, Mode.EVAL);
            if (bn != null) {
                y = bn.forward(y, Mode.EVAL);
            }
            return act == null ? y : act.forward(y, Mode.EVAL);
        }
    }

    private static Chain chain(SplittableRandom rng, Scaling scaling, int[] s, boolean withBn, String act) {
        ParameterVector params = new ParameterVector();
        BinaryConv2d conv = new BinaryConv2d("conv", params, new int[] {s[0], s[1], s[2]}, s[6], s[3], s[4], s[5],
                new SteSign(1f), new SteSign(1f), scaling, rng);
        BatchNorm bn = withBn ? new BatchNorm("bn", params, s[6]) : null;
        Layer a = switch (act) {
            case "relu" -> new Activation("act", Activation.Kind.RELU);
            case "hardtanh" -> new Activation("act", Activation.Kind.HARDTANH);
            case "prelu" -> new PRelu("act", params, s[6]);
            default -> null;
        };
        for (String name : new String[] {"conv.alpha", "conv.beta", "conv.gamma"}) {
            if (params.contains(name)) {
                fill(params.get(name), rng, new float[] {1f, 0.5f, 2f, -1f, 0f, -0.25f});
            }
        }
        if (bn != null) {
            fill(bn.gamma(), rng, new float[] {1f, -1f, 0f, 0.5f, -2f});
            fill(bn.beta(), rng, new float[] {0f, 0f, 1f, -0.5f});
            fill(bn.runningMean(), rng, new float[] {0f, 1f, -1f, 2f, -3f, 4f, 0.5f});
            Parameter v = bn.runningVar();
            for (int i = 0; i < v.length(); i++) {
                v.set(i, rng.nextDouble() < 0.3 ? 1f - bn.eps() : (float) Math.exp(rng.nextGaussian()) * 4f);
            }
        }
        if (a instanceof PRelu p) {
            fill(p.slope(), rng, new float[] {0.25f, -0.5f, 0f, -0f, 1e-30f, -1e-30f});
        }
        return new Chain(params, conv, bn, a);
    }

    /** Values picked from {@code choices} (exact ties on integers) or, one in three, Gaussian. */
    private static void fill(Parameter p, SplittableRandom rng, float[] choices) {
        for (int i = 0; i < p.length(); i++) {
            p.set(i, rng.nextInt(3) == 0 ? (float) rng.nextGaussian() : choices[rng.nextInt(choices.length)]);
        }
    }

    @Test
    void floatOutputBitsAndChainEqualTrainingLayers() {
        SplittableRandom rng = new SplittableRandom(11);
        int cases = 0;
        int run = 0;
        for (Scaling scaling : SCALINGS) {
            for (String act : ACTIVATIONS) {
                for (boolean withBn : new boolean[] {true, false}) {
                    if (!withBn && cases % 3 != 0) {
                        cases++;
                        continue;
                    }
                    int[] s = SHAPES[cases++ % SHAPES.length];
                    check(rng, scaling, s, withBn, act, 1 + cases % 3);
                    run++;
                }
            }
        }
        assertTrue(run >= 25, "cases run: " + run);
        assertTrue(thresholds > 1000 && constants > 100, thresholds + " thresholds, " + constants + " constants");
        assertTrue(ties > 100, "accumulators on a threshold: " + ties);
    }

    /** Rules with a threshold inside (−K, K], constant rules, and accumulators of the layers equal to a threshold. */
    private static int thresholds;
    private static int constants;
    private static int ties;

    private static void check(SplittableRandom rng, Scaling scaling, int[] s, boolean withBn, String act,
                              int batch) {
        Chain c = chain(rng, scaling, s, withBn, act);
        String what = scaling.name() + " " + act + (withBn ? " bn " : " ") + java.util.Arrays.toString(s);
        Tensor x = BinaryConvKernelTest.specialValues(rng, batch, s[0], s[1], s[2]);
        float[] expected = c.forward(x).data().clone();
        ConvGeometry g = c.conv.geometry();
        int[] acc = new int[batch * s[6] * g.outPixels()];
        BinaryConvKernel.forward(PackedActivations.pack(x.data(), 0, batch, s[0], s[1], s[2], s[5]),
                PackedConvWeights.of(c.conv), acc, 0);
        OutputStage stage = OutputStage.of(c.params, c.conv, c.bn, c.act);
        float[] y = new float[acc.length + 3];
        stage.forward(acc, 0, batch, x.data(), 0, y, 3);
        for (int i = 0; i < acc.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(y[3 + i]),
                    what + " float output at " + i + ": " + expected[i] + " vs " + y[3 + i]);
        }
        if (stage.needsInput()) {
            assertThrows(UnsupportedOperationException.class, () -> stage.toBits(acc, 0,
                    new PackedActivations(batch, s[6], g.outHeight(), g.outWidth(), 1)));
            return;
        }
        // the next binary layer: 3×3 with padding 1 (stride 1 or 2), or 1×1 without
        int[] next = s[6] % 2 == 0 ? new int[] {3, 1 + s[0] % 2, 1} : new int[] {1, 1, 0};
        PackedActivations bits = new PackedActivations(batch, s[6], g.outHeight(), g.outWidth(), next[2]);
        stage.toBits(acc, 0, bits);
        PackedActivations reference = PackedActivations.pack(expected, 0, batch, s[6], g.outHeight(), g.outWidth(),
                next[2]);
        assertArrayEquals(reference.words(), bits.words(), what + " packed bits");
        BinaryConv2d conv2 = new BinaryConv2d("next", new ParameterVector(), new int[] {s[6], g.outHeight(),
            g.outWidth()}, 7, next[0], next[1], next[2], new SteSign(1f), new SteSign(1f), new NoScaling(), rng);
        Tensor between = new Tensor(new int[] {batch, s[6], g.outHeight(), g.outWidth()}, expected);
        float[] expected2 = conv2.forward(between, Mode.EVAL).data();
        int[] acc2 = new int[expected2.length];
        BinaryConvKernel.forward(bits, PackedConvWeights.of(conv2), acc2, 0);
        for (int i = 0; i < acc2.length; i++) {
            assertEquals(expected2[i], (float) acc2[i], what + " chained convolution at " + i);
        }
        SignThresholds t = stage.thresholds();
        for (byte k : t.kind) {
            assertTrue(k != 2, what + ": finite parameters decide by thresholds");
        }
        exhaustive(stage, t, s[0] * s[3] * s[3], what);
        for (int r = 0; r < t.threshold.length; r++) {
            if (t.threshold[r] == Integer.MIN_VALUE) {
                constants++;
            } else {
                thresholds++;
            }
        }
        for (int i = 0; i < acc.length; i++) {
            int o = (i / g.outPixels()) % s[6];
            int r = stage.spatial() ? o * g.outPixels() + i % g.outPixels() : o;
            ties += acc[i] == t.threshold[r] ? 1 : 0;
        }
    }

    /** Each rule equals training's sign of the float expression at every accumulator the layer can produce. */
    private static void exhaustive(OutputStage stage, SignThresholds t, int k, String what) {
        int pixels = stage.spatial() ? stage.outPixels() : 1;
        for (int o = 0; o < stage.outChannels(); o++) {
            for (int p = 0; p < pixels; p++) {
                for (int acc = -k; acc <= k; acc++) {
                    long expected = SignBits.bit(stage.value(acc, o, p));
                    if (t.bitOf(acc, o, p) != expected) {
                        throw new AssertionError(what + ": rule of channel " + o + " pixel " + p + " at " + acc);
                    }
                }
            }
        }
    }

    /** Infinite and NaN parameters fall back to the float expression in the pass and still match training. */
    @Test
    void nonFiniteParametersEvaluateInThePass() {
        SplittableRandom rng = new SplittableRandom(3);
        int[] s = {65, 5, 5, 3, 1, 1, 6};
        Chain c = chain(rng, new GammaScaling(GammaShape.CASE_1), s, true, "prelu");
        Parameter alpha = c.params.get("conv.alpha");
        alpha.set(0, Float.POSITIVE_INFINITY);
        alpha.set(1, 3e38f);
        c.bn.runningVar().set(2, -c.bn.eps());
        c.bn.gamma().set(3, Float.NaN);
        ((PRelu) c.act).slope().set(4, Float.NEGATIVE_INFINITY);
        int batch = 2;
        Tensor x = BinaryConvKernelTest.specialValues(rng, batch, s[0], s[1], s[2]);
        float[] expected = c.forward(x).data();
        int[] acc = new int[expected.length];
        BinaryConvKernel.forward(PackedActivations.pack(x.data(), 0, batch, s[0], s[1], s[2], s[5]),
                PackedConvWeights.of(c.conv), acc, 0);
        OutputStage stage = OutputStage.of(c.params, c.conv, c.bn, c.act);
        PackedActivations bits = new PackedActivations(batch, s[6], 5, 5, 1);
        stage.toBits(acc, 0, bits);
        assertArrayEquals(PackedActivations.pack(expected, 0, batch, s[6], 5, 5, 1).words(), bits.words());
        for (int o = 0; o < 5; o++) {
            assertEquals(2, stage.thresholds().kind[o], "channel " + o + " evaluates");
        }
        assertTrue(stage.thresholds().kind[5] != 2, "channel 5 has a threshold");
    }

    /** The passes split work by rows and planes that own their outputs, so one and three threads agree. */
    @Test
    void sameOnAnyThreadCount() {
        int before = org.xnornet.kernel.Parallel.threads();
        try {
            int[] s = {70, 9, 7, 3, 1, 1, 66};
            float[] firstY = null;
            long[] firstBits = null;
            for (int threads : new int[] {1, 3}) {
                org.xnornet.kernel.Parallel.setThreads(threads);
                SplittableRandom rng = new SplittableRandom(8);
                Chain c = chain(rng, new GammaScaling(GammaShape.CASE_4), s, true, "hardtanh");
                Tensor x = BinaryConvKernelTest.specialValues(rng, 3, s[0], s[1], s[2]);
                int[] acc = new int[3 * s[6] * 63];
                BinaryConvKernel.forward(PackedActivations.pack(x.data(), 0, 3, s[0], s[1], s[2], 1),
                        PackedConvWeights.of(c.conv), acc, 0);
                OutputStage stage = OutputStage.of(c.params, c.conv, c.bn, c.act);
                float[] y = new float[acc.length];
                stage.forward(acc, 0, 3, null, 0, y, 0);
                PackedActivations bits = new PackedActivations(3, s[6], 9, 7, 2);
                stage.toBits(acc, 0, bits);
                if (firstY == null) {
                    firstY = y;
                    firstBits = bits.words();
                } else {
                    assertArrayEquals(firstY, y);
                    assertArrayEquals(firstBits, bits.words());
                }
            }
        } finally {
            org.xnornet.kernel.Parallel.setThreads(before);
        }
    }
}
