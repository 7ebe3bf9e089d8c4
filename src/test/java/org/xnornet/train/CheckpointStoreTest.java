package org.xnornet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic checkpoints on a Hadoop filesystem: keep the newest K, skip (and survive) corrupt or partial ones. */
class CheckpointStoreTest {
    @TempDir
    Path dir;

    private static Checkpoint checkpoint(int iteration) {
        float[] state = new float[100];
        Arrays.fill(state, iteration);
        return new Checkpoint("arch=small_resnet", "layout", iteration, 0, state);
    }

    private static String[] names(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ckpt-")).sorted()
                    .toArray(String[]::new);
        }
    }

    @Test
    void keepsTheNewestAndSkipsCorruptOnes() throws Exception {
        CheckpointStore store = new CheckpointStore(dir.toString(), new Configuration(), 2);
        assertTrue(store.newestValid().isEmpty());
        for (int i = 5; i <= 15; i += 5) {
            store.save(checkpoint(i));
        }
        assertArrayEquals(new String[] {"ckpt-000000010.xnc", "ckpt-000000015.xnc"}, names(dir));
        assertEquals(15, store.newestValid().orElseThrow().checkpoint().iteration());

        Path newest = dir.resolve("ckpt-000000015.xnc");
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals(10, store.newestValid().orElseThrow().checkpoint().iteration(), "truncated one skipped");

        bytes[bytes.length - 20] ^= 0x40;
        Files.write(newest, bytes);
        var loaded = store.newestValid().orElseThrow();
        assertEquals(10, loaded.checkpoint().iteration(), "checksum mismatch skipped");
        assertTrue(loaded.path().endsWith("ckpt-000000010.xnc"));

        Files.write(dir.resolve(".ckpt-000000020.xnc.tmp"), new byte[] {1, 2, 3});
        assertEquals(10, store.newestValid().orElseThrow().checkpoint().iteration(), "a half-written temp is ignored");
    }
}
