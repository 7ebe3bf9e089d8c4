package org.xnornet.infer.onnx;

import static org.xnornet.testing.TrainedNets.argmax;
import static org.xnornet.testing.TrainedNets.input;
import static org.xnornet.testing.TrainedNets.perturb;
import static org.xnornet.testing.TrainedNets.putZerosBeforeSigns;
import static org.xnornet.testing.TrainedNets.train;
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
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.nn.Mode;
import org.xnornet.optim.Adam;
import org.xnornet.tensor.Tensor;

/**
 * The differential test of the export: ONNX Runtime's logits for the exported model against the training
 * graph's {@code net.forward(x, Mode.EVAL)} for every architecture, scaling and the full-precision twins, after
 * a few Adam steps and a random perturbation of Γ, BN, PReLU and running statistics. Some BN channels are set
 * to put exact +0 and −0 in front of the signs, so that the sign(0) = +1 rule is exercised on whole channels.
 * Tolerance: max |ort − ours| ≤ 1e-4 · max |ours| over the batch's logits, and the same argmax per image.
 */
class OnnxExportIT {
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
        Tensor x = input(spec.channels(), spec.height(), spec.width(), rng);
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


}
