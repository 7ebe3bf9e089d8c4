package org.xnornet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xnornet.infer.PackedNetworkTest.bits;
import static org.xnornet.testing.TrainedNets.input;
import static org.xnornet.testing.TrainedNets.perturb;
import static org.xnornet.testing.TrainedNets.putZerosBeforeSigns;
import static org.xnornet.testing.TrainedNets.train;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.quant.Scaling;
import org.xnornet.tensor.Tensor;

/**
 * A packed model written and read back scores bit for bit like {@code PackedNetwork.of} the trained network it came
 * from (which {@link PackedNetworkTest} holds to the training graph's evaluation), for every model and scaling of
 * that test; writing what was read gives the same bytes; stored sign thresholds equal derived ones. The size report
 * holds the binary layers to exactly 32× and prints ResNet-18's.
 */
class PackedModelTest {
    static Stream<String> specs() {
        return PackedNetworkTest.specs();
    }

    static Preprocessing preprocessing(ModelSpec spec) {
        float[] mean = new float[spec.channels()];
        float[] std = new float[spec.channels()];
        Arrays.fill(mean, 0.25f);
        Arrays.fill(std, 0.5f);
        return new Preprocessing(spec.channels(), spec.height(), spec.height() + 4, mean, std);
    }

    /** A trained, perturbed network as the inference tests compare it. */
    static Network trained(String text) {
        Network net = Network.build(ModelSpec.parse(text));
        SplittableRandom rng = new SplittableRandom(text.hashCode());
        train(net, rng);
        perturb(net.parameters(), rng);
        putZerosBeforeSigns(net.root());
        return net;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void aModelReadBackScoresBitForBitLikeThePackedNetwork(String text) throws Exception {
        Network net = trained(text);
        Tensor x = input(net.spec().channels(), net.spec().height(), net.spec().width(), new SplittableRandom(3));
        PackedNetwork packed = PackedNetwork.of(net);
        float[] expected = packed.forward(x).data().clone();
        byte[] file = PackedModel.export(net, preprocessing(net.spec()), ModelClasses.ofCount(net.spec().classes()))
                .toBytes();
        PackedModel read = PackedModel.read(new ByteArrayInputStream(file), "model.xnb");
        assertEquals(packed.packedLayers(), read.packedLayers());
        float[] got = read.forward(x).data();
        assertArrayEquals(bits(expected), bits(got), text + ": logits of the model read back are not bit-equal");
        assertArrayEquals(file, read.toBytes(), "writing the model read back gives other bytes");
        assertArrayEquals(bits(packed.newLane().forward(x).data()), bits(read.network().newLane().forward(x).data()),
                text + ": a lane of the model read back scores otherwise than a lane of the packed network");
        assertEquals(preprocessing(net.spec()), read.preprocessing());
        List<PackedNetwork.Unit> before = packed.units();
        List<PackedNetwork.Unit> after = PackedModel.read(new ByteArrayInputStream(file), "model.xnb").units();
        for (int i = 0; i < before.size(); i++) {
            if (ModelSections.storedRules(before.get(i)) > 0) {
                SignThresholds a = before.get(i).stage().thresholds();
                SignThresholds b = after.get(i).stage().thresholds();
                assertArrayEquals(a.threshold, b.threshold, before.get(i).name());
                assertArrayEquals(a.kind, b.kind, before.get(i).name());
            }
        }
        ModelSize size = read.size();
        assertEquals(file.length, size.totalBytes());
        if (size.binaryLayers() > 0) {
            assertEquals(32.0, size.binaryRatio(), text + "\n" + size);
        }
    }

    @Test
    void classIdsAndNamesTravel() throws Exception {
        Network net = trained("arch=small_resnet,input=1x28x28,classes=3,width=4,scaling=gamma1");
        ModelClasses classes = new ModelClasses(3, List.of("n1", "n2", "n3"), List.of("cat", "dog", "ünïcode"));
        byte[] file = PackedModel.export(net, preprocessing(net.spec()), classes).toBytes();
        assertEquals(classes, PackedModel.read(new ByteArrayInputStream(file), "m.xnb").classes());
    }

    /** Full-size binary ResNet-18 (ImageNet, Γ case 1): binary layers exactly 32×, the whole model at least 10×. */
    @Test
    void resnet18SizeReport() {
        Network net = Network.build(ModelSpec.resnet18(1000, Scaling.parse("gamma1")));
        PackedModel model = PackedModel.export(net, preprocessing(net.spec()), ModelClasses.ofCount(1000));
        ModelSize size = model.size();
        System.out.println("binary ResNet-18, 1000 classes, gamma1:\n" + size.table());
        assertEquals(32.0, size.binaryRatio());
        assertTrue(size.totalRatio() >= 10, "ResNet-18 packed is only " + size.totalRatio() + "x smaller\n" + size);
    }
}
