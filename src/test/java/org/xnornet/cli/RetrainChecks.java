package org.xnornet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.xnornet.registry.ModelRegistry;
import org.xnornet.registry.RegistryLock;
import org.xnornet.registry.RunRecord.Outcome;
import org.xnornet.registry.Version;

/**
 * The retraining story, step by step on one registry (each step builds on the last): first run, new data, nothing
 * new, a held lock, a worse candidate, SIGKILL while training and while promoting, rollback. The filesystem is the
 * subclass's: local ({@link RetrainIT}) or HDFS ({@link RetrainHdfsIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RetrainChecks {
    abstract RetrainScenario scenario();

    /** Where the promotion is interrupted in {@link #killedWhilePromoting}: publish or current. */
    abstract String promotionStep();

    @Test
    @Order(1)
    void firstRunMakesVersionOneCurrent() throws Exception {
        RetrainScenario s = scenario();
        var r = RetrainScenario.inProcess(s.args());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals(1, s.current());
        assertEquals(Outcome.PROMOTED, s.lastRecord().outcome());
        Version v1 = s.open().version(1);
        assertEquals(0, v1.parent());
        assertEquals(1, s.open().snapshot(v1, false).entries().size());
        assertEquals(1000, v1.holdoutImages());
        s.assertCurrentReadable();
    }

    @Test
    @Order(2)
    void newDataTrainsVersionTwoFromVersionOne() throws Exception {
        RetrainScenario s = scenario();
        s.addTrainFile("date=2026-12-02", 1);
        var r = RetrainScenario.inProcess(s.args());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("new data since version 1: 1 new"), r.out());
        assertEquals(2, s.current());
        ModelRegistry reg = s.open();
        Version v2 = reg.version(2);
        assertEquals(1, v2.parent());
        assertEquals(2, reg.snapshot(v2, false).entries().size(), "trained on old and new data");
        String settings = new String(reg.read(v2, ModelRegistry.SETTINGS), StandardCharsets.UTF_8);
        assertTrue(settings.contains("init=") && settings.contains("v000001/model.xnc"),
                "started from version 1's model: " + settings);
        assertTrue(s.lastRecord().reason().contains(">= version 1's"), s.lastRecord().reason());
    }

    @Test
    @Order(3)
    void nothingNewTrainsNothing() throws Exception {
        RetrainScenario s = scenario();
        int folders = s.runFolders();
        var r = RetrainScenario.inProcess(s.args());
        assertEquals(ExitCode.NOTHING_NEW, r.code(), r.err());
        assertEquals(folders, s.runFolders(), "no training run");
        assertEquals(Outcome.NOTHING_NEW, s.lastRecord().outcome());
        assertEquals(2, s.current());
    }

    @Test
    @Order(4)
    void aHeldLockRefusesTheRun() throws Exception {
        RetrainScenario s = scenario();
        s.addTrainFile("date=2026-12-03", 0);
        int records = s.open().history().size();
        try (RegistryLock held = s.open().lock("other-run", 60, m -> { })) {
            var r = RetrainScenario.inProcess(s.args());
            assertEquals(ExitCode.LOCK_HELD, r.code(), r.err());
            assertTrue(r.err().strip().startsWith("error: the registry is locked by run other-run"), r.err());
        }
        assertEquals(records, s.open().history().size(), "a refused run leaves no record");
        assertEquals(2, s.current());
        s.remove("date=2026-12-03");
    }

    @Test
    @Order(5)
    void aWorseCandidateIsNotPromoted() throws Exception {
        RetrainScenario s = scenario();
        s.addScrambled("date=2026-12-04");
        // long enough on mostly wrong labels that the candidate learns them, and judged with no tolerance: at this
        // budget the versions' holdout top-1 differ by a few points from machine to machine (BLAS kernels)
        var r = RetrainScenario.inProcess(s.args("--max-iterations", "80", "--tolerance", "0"));
        assertEquals(ExitCode.NOT_PROMOTED, r.code(), r.out() + r.err());
        assertEquals(2, s.current(), "CURRENT unchanged");
        var last = s.lastRecord();
        assertEquals(Outcome.REJECTED, last.outcome());
        assertTrue(last.reason().contains("< version 2's"), last.reason());
        assertEquals(2, s.open().version(last.version()).parent(), "the candidate is kept, trained from version 2");
        s.assertCurrentReadable();
        s.remove("date=2026-12-04"); // the operator removes the bad data
    }

    @Test
    @Order(6)
    void killedWhileTrainingLeavesCurrentAndTheNextRunTakesOver() throws Exception {
        RetrainScenario s = scenario();
        s.addTrainFile("date=2026-12-05", 0);
        int before = s.current();
        List<String> longer = s.args("--max-iterations", "0", "--epochs", "5");
        RetrainScenario.killWhen(longer, " iter 10/", "");
        assertEquals(before, s.current());
        s.assertCurrentReadable();
        assertEquals(Outcome.RUNNING, s.lastRecord().outcome(), "the killed run could not record its end");
        String killed = s.lastRecord().run();
        RetrainScenario.waitForLockExpiry();
        var r = RetrainScenario.inProcess(s.args());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("took over the expired registry lock of run " + killed), r.out());
        assertTrue(s.current() > before);
        var dead = s.open().history().stream().filter(h -> h.run().equals(killed)).findFirst().orElseThrow();
        assertEquals(Outcome.FAILED, dead.outcome());
        assertTrue(dead.reason().contains("its lock expired"), dead.reason());
    }

    @Test
    @Order(7)
    void killedWhilePromotingLeavesCurrentAndTheNextRunSucceeds() throws Exception {
        RetrainScenario s = scenario();
        s.addTrainFile("date=2026-12-06", 1);
        int before = s.current();
        String step = promotionStep();
        RetrainScenario.killWhen(s.args(), "paused at " + step, "-Dxnornet.retrain.pauseAt=" + step);
        assertEquals(before, s.current(), "CURRENT unchanged");
        s.assertCurrentReadable();
        if (step.equals("publish")) {
            assertTrue(s.versionFolders().stream().anyMatch(f -> f.getPath().getName().startsWith(".staging-")),
                    "killed with its version staged");
        }
        RetrainScenario.waitForLockExpiry();
        var r = RetrainScenario.inProcess(s.args());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(s.current() > before);
        s.assertCurrentReadable();
    }

    @Test
    @Order(8)
    void rollbackAndTheNextRunContinuesFromIt() throws Exception {
        RetrainScenario s = scenario();
        int served = s.current();
        int parent = s.open().current().orElseThrow().parent();
        var r = RetrainScenario.inProcess(List.of("registry", "rollback", "--registry", s.registry));
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals(parent, s.current(), "back to the version " + served + " replaced");
        s.addTrainFile("date=2026-12-07", 0);
        var next = RetrainScenario.inProcess(s.args());
        assertEquals(ExitCode.OK, next.code(), next.err());
        Version v = s.open().current().orElseThrow();
        assertEquals(parent, v.parent(), "trained from the rolled-back-to version");
        var list = RetrainScenario.inProcess(List.of("registry", "list", "--registry", s.registry));
        assertEquals(ExitCode.OK, list.code(), list.err());
        assertTrue(list.out().contains("* v" + v.number()), list.out());
        assertTrue(list.out().contains("rollback"), list.out());
    }

    @Test
    @Order(9)
    void anOperatorPromotesAKeptCandidateAndShowsIt() throws Exception {
        RetrainScenario s = scenario();
        int rejected = s.open().history().stream().filter(h -> h.outcome() == Outcome.REJECTED).findFirst()
                .orElseThrow().version();
        var r = RetrainScenario.inProcess(List.of("registry", "promote", "--registry", s.registry, "--version",
                Integer.toString(rejected)));
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals(rejected, s.current());
        assertEquals("promote", s.lastRecord().action());
        var show = RetrainScenario.inProcess(List.of("registry", "show", "--registry", s.registry));
        assertEquals(ExitCode.OK, show.code(), show.err());
        assertTrue(show.out().contains("version=" + rejected) && show.out().contains("holdout.top1="), show.out());
        var missing = RetrainScenario.inProcess(List.of("registry", "promote", "--registry", s.registry, "--version",
                "99"));
        assertEquals(ExitCode.DATA, missing.code());
        assertTrue(missing.err().contains("has no version 99"), missing.err());
        assertEquals(rejected, s.current(), "unchanged by the refused promotion");
    }
}
