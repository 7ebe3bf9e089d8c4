package org.xnornet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xnornet.config.Settings;
import org.xnornet.spark.testing.SharedSpark;
import org.xnornet.spark.testing.SparkDistribution;
import org.xnornet.spark.testing.YarnHdfsCluster;
import org.xnornet.testing.ChildProcess;
import org.xnornet.train.Checkpoint;

/**
 * The application jar on YARN as a user submits it: {@code deploy/yarn/submit.sh} runs Spark's own
 * {@code spark-submit} (launcher, then {@code org.apache.spark.deploy.SparkSubmit} in a child JVM) with
 * {@code --master yarn}, in client and in cluster mode, against a real MiniYARNCluster whose containers are JVMs,
 * with the committed Fashion-MNIST sample, the run folder and the model on a MiniDFSCluster. The Spark installation
 * has no picocli, so the job runs only if the jar carries what it needs. Each job must exit 0 with its YARN
 * application FINISHED and SUCCEEDED, write {@code model.xnc} to HDFS, and train exactly the state a local run of
 * the same settings does (as StandaloneTrainingIT: executors compute the same bits as local[2]).
 */
class YarnSubmitIT {
    /** The README's YARN command after {@code --}, on the paths this test creates. */
    static final List<String> TRAIN = List.of("train", "--conf", "conf/small-resnet-fashion-mnist.properties",
            "--data", "hdfs:///data/fashion-mnist-sample");
    /** Test-sized: a few iterations of 2 partitions × 8 images, no evaluation. */
    static final List<String> SHORT = List.of("--max-iterations", "3", "--batch", "8", "--val-split", "none");
    /** Test-sized containers: 512 MB heaps (the net is 0.3 M parameters), YARN's smallest overhead, one core. */
    static final List<String> SMALL = List.of("--executor-memory", "512m", "--executor-memory-overhead", "384m",
            "--driver-memory", "512m", "--executor-cores", "1");
    static final long TIMEOUT_SECONDS = 300;

    static Path dir;
    static YarnHdfsCluster cluster;
    static SparkDistribution spark;
    static Path properties;
    static float[] reference;

    @BeforeAll
    static void clusterAndReference() throws Exception {
        Path project = SparkDistribution.projectDir();
        dir = Files.createTempDirectory(Files.createDirectories(project.resolve("target")), "yarn-it-");
        cluster = YarnHdfsCluster.start(dir, 4096);
        spark = SparkDistribution.create(dir.resolve("spark-home"));
        FileSystem fs = cluster.fs();
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(project.resolve(EquivalenceIT.SAMPLE).toString()),
                new org.apache.hadoop.fs.Path("/data/fashion-mnist-sample"));
        properties = writeClusterProperties(dir.resolve("cluster.properties"));

        Settings local = TrainJob.settings().loadFile(project.resolve("conf/small-resnet-fashion-mnist.properties"))
                .set("data", project.resolve(EquivalenceIT.SAMPLE).toString(), "test");
        for (int i = 0; i < SHORT.size(); i += 2) {
            local.set(SHORT.get(i).substring(2), SHORT.get(i + 1), "test");
        }
        reference = TrainJob.run(SharedSpark.session(), local).checkpoint().state();
    }

    /**
     * What an operator's properties file holds for this cluster: Spark is installed on the nodes (no upload of its
     * jars), the nodes' Java, and no UI.
     */
    static Path writeClusterProperties(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("spark.yarn.jars", "local:" + spark.jars() + "/*");
        String javaHome = System.getProperty("java.home");
        p.setProperty("spark.yarn.appMasterEnv.JAVA_HOME", javaHome);
        p.setProperty("spark.executorEnv.JAVA_HOME", javaHome);
        p.setProperty("spark.yarn.am.memory", "384m");
        p.setProperty("spark.ui.enabled", "false");
        // YARN starts containers with a clean environment, and OpenBLAS's kernel decides a GEMM's last bits: an
        // operator who pins it (OPENBLAS_CORETYPE=Haswell on an AVX-512 machine, as this machine's environment does)
        // pins it for the containers too, so that executors compute what the local reference run computes.
        System.getenv().forEach((k, v) -> {
            // submit.sh sets the thread variables itself
            if (k.startsWith("OPENBLAS_") && !k.equals("OPENBLAS_NUM_THREADS")
                    && !k.equals("OPENBLAS_THREAD_TIMEOUT")) {
                p.setProperty("spark.executorEnv." + k, v);
                p.setProperty("spark.yarn.appMasterEnv." + k, v);
            }
        });
        // Faster on a small test machine, same results: the allocator asks for containers more often, and the JVMs
        // of a 3-iteration job start sooner with the client compiler only and the serial collector.
        p.setProperty("spark.yarn.scheduler.heartbeat.interval-ms", "500");
        String quickJvm = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
        for (String jvm : List.of("driver", "executor")) {
            p.setProperty("spark." + jvm + ".defaultJavaOptions", quickJvm);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "YarnSubmitIT's cluster");
        }
        return file;
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"client", "cluster"})
    void submitTrainsOnYarnAsTheLocalRunDoes(String mode) throws Exception {
        Map<String, String> before = cluster.applications();
        String out = "/runs/" + mode;
        List<String> cmd = new ArrayList<>(List.of(SparkDistribution.projectDir().resolve("deploy/yarn/submit.sh")
                .toString(), "--deploy-mode", mode, "--properties-file", properties.toString()));
        cmd.addAll(SMALL);
        cmd.add("--");
        cmd.addAll(TRAIN);
        cmd.addAll(List.of("--out", "hdfs://" + out));
        cmd.addAll(SHORT);
        Path log = dir.resolve("submit-" + mode + ".log");
        long t0 = System.nanoTime();
        int exit = run(cmd, log);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("YarnSubmitIT: %s mode in %.1f s%n", mode, seconds);
        Map<String, String> apps = cluster.awaitFinalStates(before.keySet(), 30);
        String why = "\n" + String.join(" ", cmd) + "\n---- " + log + " ----\n"
                + Files.readString(log, StandardCharsets.UTF_8) + cluster.containerLogTails();
        assertEquals(0, exit, "spark-submit's exit code" + why);
        assertEquals(List.of("FINISHED SUCCEEDED"), List.copyOf(apps.values()), "the YARN application" + why);

        org.apache.hadoop.fs.Path model = new org.apache.hadoop.fs.Path(out + "/model.xnc");
        assertTrue(cluster.fs().exists(model), "model.xnc on HDFS" + why);
        float[] state;
        try (InputStream in = cluster.fs().open(model)) {
            state = Checkpoint.read(in, model.toString()).state();
        }
        assertArrayEquals(reference, state, "YARN " + mode + " mode vs the local run" + why);
    }

    /** The READMEs show the command this test runs (with the user's memory and run folder). */
    @Test
    void theReadmesShowTheCommandThisTestRuns() throws IOException {
        String train = String.join(" ", TRAIN);
        for (String readme : List.of("README.md", "deploy/yarn/README.md")) {
            String text = Files.readString(SparkDistribution.projectDir().resolve(readme));
            assertTrue(text.contains("deploy/yarn/submit.sh --deploy-mode cluster "), readme + ": the submit script");
            assertTrue(text.contains(train), readme + " shows: " + train);
        }
    }

    /**
     * Runs the submit script as a user's shell would, with the cluster's configuration folder and Spark; its merged
     * output goes to {@code log}. An overrun ({@link ChildProcess}) also shows the containers' logs.
     */
    private static int run(List<String> cmd, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(SparkDistribution.projectDir().toFile())
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("SPARK_") || k.startsWith("HADOOP_")
                || k.startsWith("YARN_"));
        pb.environment().putAll(Map.of("SPARK_HOME", spark.home().toString(),
                "HADOOP_CONF_DIR", cluster.confDir().toString(), "YARN_CONF_DIR", cluster.confDir().toString(),
                "JAVA_HOME", System.getProperty("java.home")));
        ChildProcess.Result r;
        try {
            r = ChildProcess.run(pb, log.getParent(), TIMEOUT_SECONDS);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + cluster.containerLogTails(), e);
        }
        Files.writeString(log, r.stdout(), StandardCharsets.UTF_8);
        return r.exit();
    }
}
