package org.xnornet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xnornet.nn.Mode;
import org.xnornet.quant.Scaling;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.ParameterVector.Role;
import org.xnornet.tensor.Tensor;

/**
 * Parameter counts of binary ResNet-18 at 224×224×3 with 1000 classes. Convolution and FC weights and
 * biases equal torchvision's resnet18 (11,689,512) without its 9,600 BN terms. The other counts are derived
 * by hand from the architecture: 16 binary 3×3 convs with outputs 4×(64@56², 128@28², 256@14², 512@7²).
 */
class ModelParameterCountTest {
    static long convAndFc(ParameterVector p) {
        return p.count(Role.WEIGHT) + p.count(Role.SHADOW_WEIGHT) + p.count(Role.BIAS);
    }

    @ParameterizedTest(name = "{0}: Γ values {1}")
    @CsvSource({
        "gamma1, 3840",      // Σ o = 4·(64+128+256+512)
        "gamma2, 1505280",   // Σ o·h·w = 4·(64·56² + 128·28² + 256·14² + 512·7²)
        "gamma3, 20500",     // Σ o + h·w = 3840 + 4·(56² + 28² + 14² + 7²)
        "gamma4, 4680",      // Σ o + h + w = 3840 + 4·2·(56 + 28 + 14 + 7)
        "xnor, 0",
        "none, 0"})
    void binaryResNet18(String scaling, long gammaValues) {
        ParameterVector p = Network.build(ModelSpec.resnet18(1000, Scaling.parse(scaling))).parameters();
        assertEquals(11_679_912L, convAndFc(p));
        assertEquals(11_689_512L - 9_600L, convAndFc(p));
        assertEquals(gammaValues, p.count(Role.GAMMA));
        // Binary convs: all 3×3 convs in the 8 blocks: 2·(64·64·9·2) + (64·128·9 + 128·128·9·3) + ...
        long binary = 9L * (4 * 64 * 64 + (64 * 128 + 3 * 128 * 128) + (128 * 256 + 3 * 256 * 256)
                + (256 * 512 + 3 * 512 * 512));
        assertEquals(binary, p.count(Role.SHADOW_WEIGHT));
        // BN before each binary conv (its input channels), stem BN and 3 downsample BNs: 4352 channels.
        assertEquals(2 * 4352, p.count(Role.NORM));
        assertEquals(2 * 4352, p.count(Role.RUNNING_STAT));
        // One PReLU slope per output channel of each binary conv.
        assertEquals(3840, p.count(Role.ACTIVATION));
    }

    @Test
    void fullPrecisionTwinHasTheSameTopology() {
        ModelSpec spec = ModelSpec.resnet18(1000, Scaling.parse("gamma1"));
        ParameterVector twin = Network.build(spec.withBinary(false)).parameters();
        assertEquals(11_679_912L, convAndFc(twin));
        assertEquals(0, twin.count(Role.SHADOW_WEIGHT));
        assertEquals(0, twin.count(Role.GAMMA));
        assertEquals(2 * 4352, twin.count(Role.NORM));
    }

    @Test
    void binaryDownsampleOptionMakesShortcutsBinary() {
        ModelSpec spec = ModelSpec.resnet18(1000, Scaling.parse("gamma1")).withBinaryDownsample(true);
        ParameterVector p = Network.build(spec).parameters();
        assertEquals(11_679_912L, convAndFc(p));
        long shortcuts = 64 * 128 + 128 * 256 + 256 * 512;
        assertEquals(3840 + 128 + 256 + 512, p.count(Role.GAMMA));
        assertEquals(9L * (4 * 64 * 64 + (64 * 128 + 3 * 128 * 128) + (128 * 256 + 3 * 256 * 256)
                + (256 * 512 + 3 * 512 * 512)) + shortcuts, p.count(Role.SHADOW_WEIGHT));
    }

    @Test
    void everyModelRunsForwardToLogits() {
        ModelSpec[] specs = {
            ModelSpec.resnet18(10, Scaling.parse("gamma4")),
            ModelSpec.parse("arch=alexnet,classes=10,scaling=gamma2"),
            ModelSpec.small(1, 28, 10, Scaling.parse("gamma3")),
            ModelSpec.small(3, 32, 10, Scaling.parse("xnor")),
            ModelSpec.small(3, 32, 10, Scaling.parse("gamma1")).withBinary(false),
            ModelSpec.parse("arch=small_alexnet,scaling=gamma2"),
            ModelSpec.parse("arch=small_alexnet,input=3x32x32,scaling=xnor,binary=false")};
        for (ModelSpec spec : specs) {
            Network net = Network.build(spec);
            Tensor x = Tensor.zeros(1, spec.channels(), spec.height(), spec.width());
            for (int i = 0; i < x.size(); i++) {
                x.data()[i] = (float) Math.sin(i * 0.37);
            }
            Tensor logits = net.forward(x, Mode.EVAL);
            assertArrayEquals(new int[] {1, spec.classes()}, logits.shape(), spec.toString());
            for (float v : logits.data()) {
                assertEquals(true, Float.isFinite(v), spec.toString());
            }
        }
    }

    @Test
    void specRoundTripsThroughText() {
        ModelSpec spec = ModelSpec.small(3, 32, 10, Scaling.parse("gamma4")).withSeed(9).withBaseWidth(16);
        assertEquals(spec, ModelSpec.parse(spec.toString()));
    }
}
