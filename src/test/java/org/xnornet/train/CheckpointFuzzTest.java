package org.xnornet.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.config.CommonKeys;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.optim.Adam;
import org.xnornet.quant.Scaling;
import org.xnornet.testing.fuzz.FuzzHarness;
import org.xnornet.testing.fuzz.FuzzTarget;

/**
 * Mutated checkpoints and model files (the same format) are read or refused with a {@link CheckpointException} naming
 * the file — never another throwable, never an allocation beyond the bytes given; mutated run files make
 * {@link RunFolder#open} refuse with a {@link RunFolderException} naming the folder or read as a run.
 */
class CheckpointFuzzTest {
    private static final String SOURCE = "fuzz/model.xnc";

    @TempDir
    Path dir;

    private static byte[] checkpoint(ModelSpec spec, String runId, int iteration) throws IOException {
        Network net = Network.build(spec);
        Adam.defaults().attach(net.parameters());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Checkpoint.of(net, iteration, 0).withRunId(runId).write(out);
        return out.toByteArray();
    }

    @Test
    void mutatedCheckpointsAreReadOrRefused() throws IOException {
        ModelSpec tiny = ModelSpec.small(1, 8, 3, Scaling.parse("gamma1")).withBaseWidth(1);
        FuzzTarget target = FuzzTarget.of("checkpoint", List.of(checkpoint(tiny, "run-a", 3),
                checkpoint(tiny.withBinary(false), "", 0)), b -> {
                    try {
                        Checkpoint.readHeader(new ByteArrayInputStream(b), SOURCE);
                    } catch (CheckpointException headerRefused) {
                        // the full read below must refuse it too
                    }
                    Checkpoint c = Checkpoint.read(new ByteArrayInputStream(b), SOURCE);
                    c.modelSpec();
                }, CheckpointException.class).naming(SOURCE)
                .withTokens("XNNC", "\u0000\u0000\u0000\u0002", "\u007f\u00ff\u00ff\u00ff", "arch=", "scaling=");
        FuzzHarness.run(target, 1500).assertClean();
    }

    @Test
    void mutatedRunFilesAreReadOrRefused() throws IOException {
        Path run = dir.resolve("run");
        List<KeyGroup> groups = List.of(TrainKeys.TRAINING, CommonKeys.OUTPUT, TrainKeys.RUN_FOLDER,
                new KeyGroup("data", List.of(org.xnornet.data.DataKeys.SEED)));
        Path first = dir.resolve("first");
        RunFolder.open(new Settings("train-local", groups).set("out", first.toString(), "test"), "train-local",
                new Configuration(), note -> { }).claim();
        byte[] seed = Files.readAllBytes(first.resolve(RunFolder.RUN_FILE));
        Settings settings = new Settings("train-local", groups).set("out", run.toString(), "test")
                .set("resume", "true", "test");
        FuzzTarget target = FuzzTarget.of("run-file", List.of(seed), b -> {
            Files.createDirectories(run);
            Files.write(run.resolve(RunFolder.RUN_FILE), b);
            RunFolder.open(settings, "train-local", new Configuration(), note -> { });
        }, RunFolderException.class).naming(run.toString()).withTokens("run.id=", "run.command=", "\\u", "\\\n");
        FuzzHarness.run(target, 300).assertClean();
    }
}
