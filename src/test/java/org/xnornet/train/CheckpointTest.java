package org.xnornet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.nn.Mode;
import org.xnornet.optim.Adam;
import org.xnornet.quant.Scaling;
import org.xnornet.tensor.Tensor;

class CheckpointTest {
    private static final ModelSpec SPEC = ModelSpec.small(1, 10, 3, Scaling.parse("gamma4")).withBaseWidth(4);

    private static byte[] bytes(Checkpoint c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.write(out);
        return out.toByteArray();
    }

    @Test
    void roundTripRestoresEveryValueAndTheSameOutputs() throws IOException {
        Network net = Network.build(SPEC.withSeed(4));
        new Adam(0.9f, 0.999f, 1e-8f, 0f, false).attach(net.parameters());
        byte[] b = bytes(Checkpoint.of(net, 17, 2));
        Network other = Network.build(SPEC.withSeed(5));
        Adam.defaults().attach(other.parameters());
        Checkpoint c = Checkpoint.read(new ByteArrayInputStream(b), "mem");
        assertEquals(17, c.iteration());
        c.restoreInto(other, "mem");
        assertArrayEquals(net.parameters().snapshot(), other.parameters().snapshot());
        Tensor x = Tensor.zeros(2, 1, 10, 10);
        Arrays.fill(x.data(), 0.3f);
        assertArrayEquals(net.forward(x, Mode.EVAL).data(), other.forward(x, Mode.EVAL).data());
    }

    @Test
    void corruptTruncatedAndMismatchedCheckpointsAreRefusedByName() throws IOException {
        Network net = Network.build(SPEC);
        byte[] b = bytes(Checkpoint.of(net, 1, 0));
        byte[] flipped = b.clone();
        flipped[flipped.length - 20] ^= 1;
        IOException corrupt = assertThrows(IOException.class,
                () -> Checkpoint.read(new ByteArrayInputStream(flipped), "ckpt-7"));
        assertTrue(corrupt.getMessage().contains("ckpt-7") && corrupt.getMessage().contains("checksum"));
        IOException truncated = assertThrows(IOException.class,
                () -> Checkpoint.read(new ByteArrayInputStream(Arrays.copyOf(b, b.length / 2)), "ckpt-8"));
        assertTrue(truncated.getMessage().contains("ckpt-8") && truncated.getMessage().contains("truncated"));
        Network withOptimizer = Network.build(SPEC);
        Adam.defaults().attach(withOptimizer.parameters());
        Checkpoint c = Checkpoint.read(new ByteArrayInputStream(b), "ckpt-9");
        IllegalArgumentException layout = assertThrows(IllegalArgumentException.class,
                () -> c.restoreInto(withOptimizer, "ckpt-9"));
        assertTrue(layout.getMessage().contains("layout"));
        IllegalArgumentException spec = assertThrows(IllegalArgumentException.class,
                () -> c.restoreInto(Network.build(SPEC.withBaseWidth(5)), "ckpt-9"));
        assertTrue(spec.getMessage().contains("width=4"));
    }
}
