package org.xnornet.spark;

import org.xnornet.config.Settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xnornet.spark.testing.SharedSpark;
import org.xnornet.spark.testing.StandaloneCluster;

/**
 * The trainer on a real multi-process cluster: a standalone master and two worker JVMs started from the project's
 * own jars, executors in their own JVMs, training a small binary net on Parquet data. The result equals the
 * local[2] run — with one kernel thread per executor against the local run's two — and still does when one executor
 * JVM is killed (SIGKILL) mid-training.
 */
class StandaloneTrainingIT {
    static float[] reference;
    static StandaloneCluster cluster;
    static SparkSession spark;

    @TempDir
    Path tmp;

    static Settings settings() {
        return EquivalenceIT.settings("gamma2", "sgd", false)
                .set("data", Path.of(EquivalenceIT.SAMPLE).toAbsolutePath().toString(), "test")
                .set("max-iterations", "24", "test").set("slots", "fail", "test");
    }

    @BeforeAll
    static void referenceAndCluster() throws Exception {
        reference = TrainJob.run(SharedSpark.session(), settings()).state();
        StandaloneCluster.stopActiveSessions();
        cluster = StandaloneCluster.start(2, 1, "1g");
        // OpenBLAS's results depend on how a GEMM is split in the last bit, so the executors get the local run's
        // OpenBLAS setting (one thread per call under Maven, as the trainer's default; docs/DISTRIBUTED.md).
        // Each worker offers one core: executors then run one kernel thread (KernelThreads), where the local run had
        // two, and must still compute the same bits.
        spark = SparkSession.builder().config(cluster.driverConf("standalone-training-it")
                .set("spark.executor.cores", "1")
                .set("spark.executorEnv.OPENBLAS_NUM_THREADS", System.getenv().getOrDefault("OPENBLAS_NUM_THREADS",
                        Integer.toString(Runtime.getRuntime().availableProcessors())))).getOrCreate();
    }

    @AfterAll
    static void stop() {
        StandaloneCluster.stopSessionsAndClose(cluster);
    }

    @ParameterizedTest
    @ValueSource(strings = {"spark", "direct"})
    void clusterTrainingEqualsTheLocalRun(String transport) throws Exception {
        float[] state = TrainJob.run(spark, settings().set("transport", transport, "test")).state();
        assertArrayEquals(reference, state, "standalone cluster (transport=" + transport + ") vs local[2]");
    }

    /** Every executor announces its engine once; with one core each, it sized its kernel pool to one thread. */
    @Test
    void executorsRunOneKernelThreadPerCore() throws Exception {
        TrainJob.run(spark, settings().set("max-iterations", "2", "test"));
        List<String> lines = new java.util.ArrayList<>();
        try (var files = Files.walk(cluster.dir())) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.getFileName().toString().equals("stderr")
                    && f.toString().contains("/work/"))::iterator) {
                Files.readAllLines(f).stream().filter(l -> l.contains("engine on this executor")).forEach(lines::add);
            }
        }
        assertTrue(!lines.isEmpty(), "no executor announced its engine:\n" + cluster.logTails());
        assertTrue(lines.stream().allMatch(l -> l.contains(", 1 kernel threads,")), String.join("\n", lines));
    }

    @ParameterizedTest
    @ValueSource(strings = {"spark", "direct"})
    void anExecutorKilledMidTrainingChangesNothing(String transport) throws Exception {
        Path out = tmp.resolve("run-" + transport);
        Settings s = settings().set("out", out.toString(), "test").set("checkpoint-every", "1", "test")
                .set("keep-checkpoints", "30", "test").set("transport", transport, "test");
        CompletableFuture<float[]> run = CompletableFuture.supplyAsync(() -> {
            try {
                return TrainJob.run(spark, s).state();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(out.resolve("checkpoints/ckpt-000000006.xnc")) && System.nanoTime() < deadline
                && !run.isDone()) {
            Thread.sleep(50);
        }
        List<Long> executors = cluster.executorPids();
        assertTrue(!run.isDone() && !executors.isEmpty(), "training still running with live executors: " + executors);
        ProcessHandle.of(executors.get(0)).ifPresent(ProcessHandle::destroyForcibly);
        float[] state = run.get(240, TimeUnit.SECONDS);
        assertTrue(!cluster.executorPids().contains(executors.get(0)), "the executor was killed");
        assertArrayEquals(reference, state, "same parameters after losing an executor");
    }
}
