package org.xnornet.infer;

import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xnornet.testing.fuzz.FuzzHarness;
import org.xnornet.testing.fuzz.FuzzTarget;

/**
 * Mutated packed models are read or refused with a {@link ModelFormatException} naming the file — never another
 * throwable, a hang or an allocation beyond the bytes given. A second target restamps length and checksum after each
 * mutation, so the mutations reach the fields behind the checksum.
 */
class PackedModelFuzzTest {
    private static final String SOURCE = "fuzz/model.xnb";

    private static List<byte[]> seeds() {
        return List.of(PackedModelFileTest.GOOD,
                PackedModelFileTest.model("arch=small_resnet,input=1x12x12,classes=3,width=2,scaling=xnor,"
                        + "activation=hardtanh,binary_downsample=true").toBytes());
    }

    private static void read(byte[] b) throws Exception {
        PackedModel.read(new ByteArrayInputStream(b), SOURCE).size();
    }

    @Test
    void mutatedModelsAreReadOrRefused() {
        FuzzTarget target = FuzzTarget.of("packed-model", seeds(), PackedModelFuzzTest::read,
                ModelFormatException.class).naming(SOURCE).withTokens("XNNB", "\u0000\u0000\u0000\u0002",
                "\u007f\u00ff\u00ff\u00ff", "arch=", "scaling=");
        FuzzHarness.run(target, 800).assertClean();
    }

    @Test
    void mutatedModelsWithValidChecksumsAreReadOrRefused() {
        FuzzTarget target = FuzzTarget.of("packed-model-restamped", seeds(),
                b -> read(b.length >= 20 ? PackedModelFileTest.restamped(b) : b), ModelFormatException.class)
                .naming(SOURCE).withTokens("\u007f\u00ff\u00ff\u00ff", "\u0000\u0000\u0000\u0000", "\u00ff\u00ff",
                        "arch=", "scaling=gamma", "width=");
        FuzzHarness.run(target, 1500).assertClean();
    }
}
