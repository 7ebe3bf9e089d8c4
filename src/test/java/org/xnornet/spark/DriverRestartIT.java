package org.xnornet.spark;

import org.xnornet.config.Settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.spark.testing.SharedSpark;
import org.xnornet.train.Checkpoint;

/**
 * A driver killed (SIGKILL) mid-training and restarted with {@code --resume} ends with the same parameters as an
 * uninterrupted run. The driver is the real command line in its own JVM, on an embedded local[2] Spark.
 */
@ExtendWith(SharedSpark.class)
class DriverRestartIT {
    @TempDir
    Path tmp;

    static final String[] ARGS = {"--data", EquivalenceIT.SAMPLE, "--val-split", "none",
        "--model", "arch=small_resnet,width=8,scaling=gamma1", "--partitions", "2", "--batch", "16",
        "--max-iterations", "40", "--lr", "0.05", "--mean", "0.2860", "--std", "0.3530", "--seed", "3",
        "--checkpoint-every", "5", "--keep-checkpoints", "2", "--master", "local[2]"};

    private Process driver(Path out, boolean resume, Path log) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx1g");
        cmd.add("-Dlog4j2.configurationFile=conf/log4j2.properties");
        cmd.add("-cp");
        try (Stream<Path> jars = Files.list(Path.of("target"))) {
            String jar = jars.filter(p -> p.getFileName().toString().matches("xnornet-spark-.*\\.jar")).findFirst()
                    .orElseThrow().toString();
            cmd.add(jar + File.pathSeparator + "target/lib/*");
        }
        cmd.add("org.xnornet.cli.Main");
        cmd.add("train");
        cmd.addAll(List.of(ARGS));
        cmd.addAll(List.of("--out", out.toString()));
        if (resume) {
            cmd.add("--resume");
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void killedDriverResumesToTheSameParameters(SparkSession spark) throws Exception {
        Path out = tmp.resolve("run");
        Process first = driver(out, false, tmp.resolve("first.log"));
        Path checkpoints = out.resolve("checkpoints");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(checkpoints.resolve("ckpt-000000015.xnc")) && System.nanoTime() < deadline
                && first.isAlive()) {
            Thread.sleep(100);
        }
        assertTrue(first.isAlive(), "the first driver is still training when it is killed:\n"
                + Files.readString(tmp.resolve("first.log")));
        first.destroyForcibly().waitFor();
        assertTrue(!Files.exists(out.resolve("model.xnc")), "killed before the end");

        Process second = driver(out, true, tmp.resolve("second.log"));
        assertTrue(second.waitFor(180, TimeUnit.SECONDS), "resumed driver finished");
        String log = Files.readString(tmp.resolve("second.log"));
        assertEquals(0, second.exitValue(), log);
        assertTrue(log.contains("resuming run ") && log.contains(" from "), log);

        Settings s = TrainJob.settings();
        for (int i = 0; i + 1 < ARGS.length; i += 2) {
            if (!ARGS[i].equals("--master")) {
                s.set(ARGS[i].substring(2), ARGS[i + 1], "test");
            }
        }
        float[] uninterrupted = TrainJob.run(spark, s).state();
        float[] resumed;
        try (var in = Files.newInputStream(out.resolve("model.xnc"))) {
            resumed = Checkpoint.read(in, "model.xnc").state();
        }
        assertArrayEquals(uninterrupted, resumed);
    }
}
