package org.xnornet.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's files on the local filesystem, without Spark: publish, pointer, lock, snapshots, refusals. */
class RegistryTest {
    @TempDir
    Path tmp;

    private ModelRegistry registry() throws Exception {
        return ModelRegistry.open(tmp.resolve("reg").toUri().toString(), new Configuration(), true);
    }

    private static Version version(int n, int parent) {
        return new Version(n, "", parent, "run-" + n, Instant.parse("2026-12-01T00:00:00Z"), "data", "val", 0.5, 10);
    }

    @Test
    void publishedVersionsAreCompleteAndCurrentMovesInOneStep() throws Exception {
        ModelRegistry r = registry();
        assertTrue(r.current().isEmpty());
        assertEquals(1, r.nextNumber());
        var staging = r.staging("run-1");
        r.stage(staging, ModelRegistry.MODEL, new byte[] {1, 2, 3});
        Version v1 = r.publish(staging, version(1, 0));
        assertEquals("run-1", v1.run());
        assertTrue(r.versions().size() == 1 && r.nextNumber() == 2);
        r.setCurrent(1);
        assertEquals(1, r.current().orElseThrow().number());
        var staging2 = r.staging("run-2");
        r.publish(staging2, version(2, 1));
        r.setCurrent(2);
        assertEquals(2, r.current().orElseThrow().number());
        assertEquals("version=2", Files.readString(tmp.resolve("reg/CURRENT")).strip());
        try (var files = Files.list(tmp.resolve("reg"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary left");
        }
        assertThrows(RegistryException.class, () -> r.publish(r.staging("run-x"), version(2, 1)),
                "a version's name is never reused");
        assertThrows(RegistryException.class, () -> r.setCurrent(9), "CURRENT only names a complete version");
    }

    @Test
    void aStagedButUnpublishedVersionIsInvisible() throws Exception {
        ModelRegistry r = registry();
        r.stage(r.staging("killed"), ModelRegistry.MODEL, new byte[] {1});
        assertTrue(r.versions().isEmpty());
        assertEquals(1, r.nextNumber());
    }

    @Test
    void foreignFoldersFilesAndOtherFormatsAreRefused() throws Exception {
        Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(tmp.resolve("foreign/notes.txt"), "x");
        var e = assertThrows(RegistryException.class, () -> ModelRegistry.open(tmp.resolve("foreign").toString(),
                new Configuration(), true));
        assertTrue(e.getMessage().contains("not a model registry"), e.getMessage());
        assertEquals("x", Files.readString(tmp.resolve("foreign/notes.txt")));
        assertThrows(RegistryException.class, () -> ModelRegistry.open(tmp.resolve("absent").toString(),
                new Configuration(), false));
        assertFalse(Files.exists(tmp.resolve("absent")), "an operator command makes nothing");
        registry();
        Files.writeString(tmp.resolve("reg/registry.properties"), "format=xnornet-model-registry\nformat.version=2\n");
        var newer = assertThrows(RegistryException.class, this::registry);
        assertTrue(newer.getMessage().contains("version 2"), newer.getMessage());
    }

    @Test
    void theLockIsExclusiveAndAnExpiredOneIsTakenOver() throws Exception {
        ModelRegistry r = registry();
        List<String> notes = new ArrayList<>();
        RegistryLock first = r.lock("first", 60, notes::add);
        var held = assertThrows(LockHeldException.class, () -> r.lock("second", 60, notes::add));
        assertTrue(held.getMessage().contains("run first"), held.getMessage());
        first.close();
        try (RegistryLock again = r.lock("second", 60, notes::add)) {
            assertTrue(again.takenOver().isEmpty());
        }
        // a holder that stopped beating: its lock file says it expired a second ago
        Files.writeString(tmp.resolve("reg/lock"), "run=dead\nowner=someone\nstarted=2026-12-01T00:00:00Z\nexpires="
                + Instant.now().minusSeconds(1) + "\n", StandardCharsets.ISO_8859_1);
        try (RegistryLock taker = r.lock("taker", 60, notes::add)) {
            assertEquals("dead", taker.takenOver().orElseThrow().run());
            assertTrue(notes.get(notes.size() - 1).startsWith("took over the expired registry lock of run dead"));
        }
        assertFalse(Files.exists(tmp.resolve("reg/lock")), "released");
    }

    @Test
    void aLiveHolderKeepsItsLockPastTheExpiryPeriod() throws Exception {
        ModelRegistry r = registry();
        try (RegistryLock live = r.lock("live", 2, m -> { })) {
            Thread.sleep(2_600);
            assertThrows(LockHeldException.class, () -> r.lock("other", 2, m -> { }), "the heartbeat moved expiry");
        }
    }

    @Test
    void aReleasedLockStaysReleased() throws Exception {
        ModelRegistry r = registry();
        for (int i = 0; i < 8; i++) {
            RegistryLock lock = r.lock("run-" + i, 2, m -> { });
            Thread.sleep(480 + 10 * i); // around the heartbeat's 500 ms, so a close meets a beat in flight
            lock.close();
            assertFalse(Files.exists(tmp.resolve("reg/lock")), "released, attempt " + i);
        }
        Thread.sleep(700);
        assertFalse(Files.exists(tmp.resolve("reg/lock")), "no heartbeat wrote it again");
    }

    @Test
    void aTakenOverHolderDoesNotReleaseTheNewLock() throws Exception {
        ModelRegistry r = registry();
        RegistryLock old = r.lock("old", 60, m -> { });
        Files.writeString(tmp.resolve("reg/lock"), "run=new\nowner=x\nstarted=2026-12-01T00:00:00Z\nexpires="
                + Instant.now().plusSeconds(60) + "\n", StandardCharsets.ISO_8859_1);
        old.close();
        assertTrue(Files.readString(tmp.resolve("reg/lock")).contains("run=new"));
    }

    @Test
    void snapshotsTellWhatArrivedChangedAndLeft() {
        DataSnapshot before = new DataSnapshot(List.of(new DataSnapshot.Entry("a", 1, 1, "-"),
                new DataSnapshot.Entry("b", 2, 2, "-"), new DataSnapshot.Entry("c", 3, 3, "-")));
        DataSnapshot now = new DataSnapshot(List.of(new DataSnapshot.Entry("a", 1, 1, "-"),
                new DataSnapshot.Entry("b", 2, 5, "-"), new DataSnapshot.Entry("d", 4, 4, "-")));
        DataSnapshot.Changes c = now.since(before);
        assertEquals(List.of("d"), c.added());
        assertEquals(List.of("b"), c.changed());
        assertEquals(List.of("c"), c.removed());
        assertTrue(c.any());
        assertFalse(before.since(before).any());
        assertEquals(before, DataSnapshot.parse(before.toText(), "t"));
        var bad = assertThrows(RegistryException.class, () -> DataSnapshot.parse("12\tx\t-\tp\n", "data.tsv"));
        assertTrue(bad.getMessage().contains("data.tsv line 1"), bad.getMessage());
    }

    @Test
    void historyRecordsAreReplacedWholeAndReadInTimeOrder() throws Exception {
        ModelRegistry r = registry();
        RunRecord a = RunRecord.started("a", "retrain", 0);
        r.record(a);
        assertEquals(RunRecord.Outcome.RUNNING, r.history().get(0).outcome());
        r.record(a.end(RunRecord.Outcome.PROMOTED, 1, "first", java.util.Map.of("k", "v")));
        Thread.sleep(5);
        r.record(RunRecord.started("b", "retrain", 1));
        List<RunRecord> h = r.history();
        assertEquals(2, h.size());
        assertEquals(RunRecord.Outcome.PROMOTED, h.get(0).outcome());
        assertEquals("v", h.get(0).details().get("k"));
        assertEquals("b", h.get(1).run());
    }
}
