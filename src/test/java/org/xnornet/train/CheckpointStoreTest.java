package org.xnornet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atomic checkpoints of one run on a Hadoop filesystem, in folders that already hold stale, foreign, corrupt and
 * higher-numbered files: the new run's checkpoints survive retention, resume picks this run's newest valid one, and
 * every file that was there before is left byte for byte as it was.
 */
class CheckpointStoreTest {
    @TempDir
    Path dir;

    private static Checkpoint checkpoint(String run, int iteration) {
        float[] state = new float[100];
        Arrays.fill(state, iteration);
        return new Checkpoint(run, "arch=small_resnet", "layout", iteration, 0, state);
    }

    private static byte[] bytes(Checkpoint c) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.write(out);
        return out.toByteArray();
    }

    private String[] names() throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ckpt-")).sorted()
                    .toArray(String[]::new);
        }
    }

    /** Files another run, an older version, a crash and a disk error left behind, by name. */
    private Map<String, byte[]> plantStrangers() throws Exception {
        Map<String, byte[]> planted = new LinkedHashMap<>();
        planted.put("ckpt-000000900.xnc", bytes(checkpoint("other-run", 900)));
        byte[] corrupt = bytes(checkpoint("this-run", 800));
        corrupt[corrupt.length - 20] ^= 0x40;
        planted.put("ckpt-000000800.xnc", corrupt);
        planted.put("ckpt-000000700.xnc", Arrays.copyOf(bytes(checkpoint("this-run", 700)), 60));
        planted.put("ckpt-000000010.xnc", bytes(checkpoint("other-run", 10)));
        planted.put("ckpt-000000003.xnc", new byte[] {'n', 'o', 't', ' ', 'o', 'u', 'r', 's'});
        Checkpoint v1 = checkpoint("", 950);
        planted.put("ckpt-000000950.xnc", versionOne(v1));
        for (Map.Entry<String, byte[]> e : planted.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        return planted;
    }

    /** A checkpoint in the version-1 format (no run id), as the previous release wrote it. */
    private static byte[] versionOne(Checkpoint c) throws Exception {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        var h = new java.io.DataOutputStream(header);
        h.writeInt(0x584E4E43);
        h.writeInt(1);
        for (String s : new String[] {c.spec(), c.layout()}) {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            h.writeInt(b.length);
            h.write(b);
        }
        h.writeInt(c.iteration());
        h.writeInt(c.epoch());
        h.writeInt(c.state().length);
        var body = java.nio.ByteBuffer.allocate(4 * c.state().length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        body.asFloatBuffer().put(c.state());
        var crc = new java.util.zip.CRC32();
        crc.update(header.toByteArray());
        crc.update(body.array());
        h.write(body.array());
        h.writeLong(crc.getValue());
        return header.toByteArray();
    }

    private void assertUntouched(Map<String, byte[]> planted) throws Exception {
        for (Map.Entry<String, byte[]> e : planted.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(dir.resolve(e.getKey())), e.getKey() + " changed");
        }
    }

    @Test
    void retentionKeepsThisRunsNewestAndNeverTouchesOtherFiles() throws Exception {
        Map<String, byte[]> planted = plantStrangers();
        CheckpointStore store = new CheckpointStore(dir.toString(), new Configuration(), 1, "this-run");
        for (int i = 5; i <= 15; i += 5) {
            String path = store.save(checkpoint("", i));
            assertTrue(Files.exists(Path.of(path)), "the checkpoint just written survives retention (keep 1)");
        }
        assertUntouched(planted);
        String[] expected = {"ckpt-000000003.xnc", "ckpt-000000010.xnc", "ckpt-000000015.xnc", "ckpt-000000700.xnc",
            "ckpt-000000800.xnc", "ckpt-000000900.xnc", "ckpt-000000950.xnc"};
        assertArrayEquals(expected, names(), "this run's 5 and 10 (written as ckpt-000000010.1.xnc beside the other "
                + "run's file of that name) deleted, 15 kept");

        CheckpointStore keep2 = new CheckpointStore(dir.toString(), new Configuration(), 2, "this-run");
        keep2.save(checkpoint("", 20));
        assertTrue(Files.exists(dir.resolve("ckpt-000000015.xnc")) && Files.exists(dir.resolve("ckpt-000000020.xnc")));
        assertUntouched(planted);
    }

    @Test
    void resumePicksThisRunsNewestValidCheckpoint() throws Exception {
        Map<String, byte[]> planted = plantStrangers();
        CheckpointStore store = new CheckpointStore(dir.toString(), new Configuration(), 3, "this-run");
        store.save(checkpoint("", 400));
        store.save(checkpoint("", 500));
        var loaded = store.newestValid().orElseThrow();
        assertEquals(500, loaded.checkpoint().iteration(), "corrupt 800 and truncated 700 of this run are skipped, "
                + "900 and 950 belong to no run of ours");
        assertEquals("this-run", loaded.checkpoint().runId());
        Files.write(dir.resolve(".ckpt-000000600.xnc.tmp"), new byte[] {1, 2, 3});
        assertEquals(500, store.newestValid().orElseThrow().checkpoint().iteration(), "a half-written temp is ignored");
        assertUntouched(planted);
    }

    @Test
    void resumeWithOnlyInvalidCheckpointsFailsNamingEachFile() throws Exception {
        plantStrangers();
        CheckpointStore store = new CheckpointStore(dir.toString(), new Configuration(), 3, "this-run");
        CheckpointException e = assertThrows(CheckpointException.class, store::newestValid);
        for (String why : new String[] {"ckpt-000000800.xnc: ", "checksum mismatch", "ckpt-000000700.xnc: ",
            "truncated", "ckpt-000000900.xnc: belongs to run other-run", "ckpt-000000003.xnc: unreadable",
            "not an xnornet checkpoint", "ckpt-000000950.xnc: written by an earlier version"}) {
            assertTrue(e.getMessage().contains(why), why + " missing from: " + e.getMessage());
        }
        assertTrue(new CheckpointStore(dir.resolve("none").toString(), new Configuration(), 1, "r").newestValid()
                .isEmpty(), "no checkpoint files at all: a fresh start");
    }

    @Test
    void versionOneCheckpointsStillRead() throws Exception {
        Checkpoint c = checkpoint("", 7);
        Checkpoint back = Checkpoint.read(new java.io.ByteArrayInputStream(versionOne(c)), "v1");
        assertEquals("", back.runId());
        assertEquals(7, back.iteration());
        assertArrayEquals(c.state(), back.state());
    }
}
