package org.xnornet.infer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xnornet.data.Batch;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.nn.BatchNorm;
import org.xnornet.nn.Layer;
import org.xnornet.nn.Mode;
import org.xnornet.nn.SoftmaxCrossEntropy;
import org.xnornet.optim.Adam;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;
import org.xnornet.train.TrainStep;

/**
 * The differential test of the export: ONNX Runtime's logits for the exported model against the training
 * graph's {@code net.forward(x, Mode.EVAL)} for every architecture, scaling and the full-precision twins, after
 * a few Adam steps and a random perturbation of Γ, BN, PReLU and running statistics. Some BN channels are set
 * to put exact +0 and −0 in front of the signs, so that the sign(0) = +1 rule is exercised on whole channels.
 * Tolerance: max |ort − ours| ≤ 1e-4 · max |ours| over the batch's logits, and the same argmax per image.
 */
class OnnxExportIT {
    private static final int BATCH = 4;
    private static final double TOLERANCE = 1e-4;
    private static OrtEnvironment env;

    @BeforeAll
    static void start() {
        env = OrtEnvironment.getEnvironment();
    }

    static Stream<String> specs() {
        List<String> s = new ArrayList<>();
        String small = "arch=small_resnet,input=1x28x28,classes=10,width=8,";
        for (String scaling : List.of("none", "xnor", "gamma1", "gamma2", "gamma3", "gamma4")) {
            s.add(small + "scaling=" + scaling);
        }
        s.add(small + "binary=false");
        s.add(small + "scaling=gamma3,activation=hardtanh,binary_downsample=true");
        s.add(small + "scaling=xnor,activation=relu,input_quantizer=approx,binary_downsample=true");
        s.add(small + "scaling=gamma4,activation=none,binary_downsample=true");
        String resnet = "arch=resnet18,input=3x32x32,classes=10,";
        for (String scaling : List.of("none", "xnor", "gamma1", "gamma2", "gamma3", "gamma4")) {
            s.add(resnet + "scaling=" + scaling);
        }
        s.add(resnet + "binary=false");
        String alexnet = "arch=alexnet,input=3x99x99,classes=10,";
        for (String scaling : List.of("none", "xnor", "gamma1", "gamma2", "gamma3", "gamma4")) {
            s.add(alexnet + "scaling=" + scaling);
        }
        s.add(alexnet + "binary=false");
        return s.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void onnxRuntimeGivesTheTrainingGraphsLogits(String text) throws OrtException {
        ModelSpec spec = ModelSpec.parse(text);
        Network net = Network.build(spec);
        SplittableRandom rng = new SplittableRandom(text.hashCode());
        train(net, rng);
        perturb(net.parameters(), rng);
        putZerosBeforeSigns(net.root());
        Tensor x = input(spec, rng);
        float[] ours = net.forward(x, Mode.EVAL).data().clone();
        float[] theirs = runOnnx(OnnxExporter.toBytes(net), x);

        double scale = 0;
        double worst = 0;
        for (int i = 0; i < ours.length; i++) {
            scale = Math.max(scale, Math.abs(ours[i]));
            worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
        }
        System.out.printf("onnx %-95s max |diff| %.3g, logit scale %.3g, relative %.3g%n", text, worst, scale,
                worst / scale);
        assertTrue(scale > 0, "logits are all zero");
        assertTrue(worst <= TOLERANCE * scale, text + ": max |ORT − ours| = " + worst + " exceeds " + TOLERANCE
                + " × the logit scale " + scale);
        assertArrayEquals(argmax(ours, spec.classes()), argmax(theirs, spec.classes()), text + ": argmax differs");
    }

    /** Two Adam steps on random data, so that weights, Γ and running statistics leave their initial values. */
    private static void train(Network net, SplittableRandom rng) {
        Adam adam = Adam.defaults();
        adam.attach(net.parameters());
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0f);
        for (int step = 0; step < 2; step++) {
            Tensor images = input(net.spec(), rng);
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

    /**
     * In every batch norm, channels c ≡ 0 (mod 4) get γ = β = +0 (output +0 everywhere) and c ≡ 1 get γ = β = −0
     * (output −0 or +0 by the sign of x − μ), so that the binarisation after them sees exact zeros of both signs.
     */
    private static void putZerosBeforeSigns(Layer layer) {
        if (layer instanceof BatchNorm) {
            BatchNorm bn = (BatchNorm) layer;
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

    /** Standard normal images in which a tenth of the values are +0 and a twentieth −0. */
    private static Tensor input(ModelSpec spec, SplittableRandom rng) {
        Tensor x = Tensor.zeros(BATCH, spec.channels(), spec.height(), spec.width());
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            double u = rng.nextDouble();
            d[i] = u < 0.1 ? 0f : u < 0.15 ? -0f : (float) gaussian(rng);
        }
        return x;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static float[] runOnnx(byte[] model, Tensor x) throws OrtException {
        long[] shape = {x.dim(0), x.dim(1), x.dim(2), x.dim(3)};
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(model, options);
                 OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), shape);
                 OrtSession.Result result = session.run(Map.of("input", in))) {
                float[][] logits = (float[][]) result.get("logits").orElseThrow().getValue();
                float[] flat = new float[logits.length * logits[0].length];
                for (int n = 0; n < logits.length; n++) {
                    System.arraycopy(logits[n], 0, flat, n * logits[n].length, logits[n].length);
                }
                return flat;
            }
        }
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
