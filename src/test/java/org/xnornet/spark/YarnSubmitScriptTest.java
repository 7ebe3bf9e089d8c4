package org.xnornet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code deploy/yarn/submit.sh} hands to {@code spark-submit} (a stand-in that prints its arguments): the
 * executors from the partitions, {@code spark.task.cpus} equal to the executor cores, the module flags by the
 * cluster's Java, the {@code --conf} file shipped in cluster mode, the user's options last; and one error line with
 * exit code 2 when it cannot tell how many executors. YarnSubmitIT runs it against YARN.
 */
class YarnSubmitScriptTest {
    static final String CONF = "conf/small-resnet-fashion-mnist.properties";

    @TempDir
    Path tmp;

    record Run(int exit, List<String> args, String stderr) {
        String conf(String key) {
            for (int i = 0; i + 1 < args.size(); i++) {
                if (args.get(i).equals("--conf") && args.get(i + 1).startsWith(key + "=")) {
                    return args.get(i + 1).substring(key.length() + 1);
                }
            }
            return null;
        }

        String after(String option) {
            return args.get(args.indexOf(option) + 1);
        }
    }

    Run submit(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path home = tmp.resolve("spark");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path fake = bin.resolve("spark-submit");
        Files.writeString(fake, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.createFile(tmp.resolve("app-" + System.nanoTime() + ".jar"));
        List<String> cmd = new ArrayList<>(List.of("deploy/yarn/submit.sh"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr").toFile());
        pb.environment().putAll(Map.of("SPARK_HOME", home.toString(), "XNORNET_JAR", jar.toString()));
        pb.environment().remove("CLUSTER_JAVA_VERSION");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        List<String> printed = out.isEmpty() ? List.of() : List.of(out.split("\n", -1)).subList(0,
                out.split("\n", -1).length - 1);
        return new Run(exit, printed, Files.readString(tmp.resolve("stderr")));
    }

    @Test
    void clusterModeShipsTheConfFileAndSizesOneTaskPerExecutor() throws Exception {
        Run r = submit(Map.of("CLUSTER_JAVA_VERSION", "17"), "--deploy-mode", "cluster", "--executor-cores", "3",
                "--", "train", "--conf", CONF, "--out", "hdfs:///runs/x");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("yarn", r.after("--master"));
        assertEquals("cluster", r.after("--deploy-mode"));
        assertEquals("2", r.after("--num-executors"), "partitions=2 of the conf file");
        assertEquals("3", r.after("--executor-cores"));
        assertEquals("3", r.conf("spark.task.cpus"));
        assertEquals("false", r.conf("spark.dynamicAllocation.enabled"));
        assertEquals("org.xnornet.spark.KryoRegistrator", r.conf("spark.kryo.registrator"));
        assertEquals("1", r.conf("spark.executorEnv.OPENBLAS_NUM_THREADS"));
        assertEquals("1", r.conf("spark.yarn.appMasterEnv.OPENBLAS_NUM_THREADS"));
        assertEquals(CONF, r.after("--files"));
        List<String> app = r.args().subList(r.args().size() - 5, r.args().size());
        assertEquals(List.of("train", "--conf", "small-resnet-fashion-mnist.properties", "--out", "hdfs:///runs/x"),
                app, "the application's arguments, the conf file by its name in the driver's container");
        assertTrue(r.args().get(r.args().size() - 6).endsWith(".jar"), "the jar before them: " + r.args());
        String opts = r.conf("spark.executor.extraJavaOptions");
        assertTrue(opts.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), opts);
        assertFalse(opts.contains("jdk.incubator.vector"), "not on Java 17: " + opts);
        assertEquals(opts, r.conf("spark.driver.extraJavaOptions"));
        assertEquals(null, r.conf("spark.yarn.am.extraJavaOptions"), "cluster mode's AM is the driver");
    }

    @Test
    void clientModeOnJava21TakesTheCommandLinesPartitionsAndTheUsersOverrides() throws Exception {
        Run r = submit(Map.of("CLUSTER_JAVA_VERSION", "21"), "--queue", "ml", "--conf", "spark.task.maxFailures=8",
                "--", "train", "--conf", CONF, "--partitions", "5");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("client", r.after("--deploy-mode"));
        assertEquals("5", r.after("--num-executors"), "the command line's --partitions beats the conf file's");
        assertFalse(r.args().contains("--files"));
        assertEquals(CONF, r.args().get(r.args().indexOf("train") + 2), "client mode reads the file where it is");
        assertTrue(r.conf("spark.executor.extraJavaOptions").endsWith(" --add-modules=jdk.incubator.vector"));
        assertEquals(r.conf("spark.executor.extraJavaOptions"), r.conf("spark.yarn.am.extraJavaOptions"));
        assertTrue(r.args().indexOf("--queue") > r.args().indexOf("--num-executors"), "user options come last");
        assertEquals("8", r.conf("spark.task.maxFailures"));
    }

    @Test
    void withoutPartitionsItAsksForTheExecutors() throws Exception {
        Run r = submit(Map.of(), "--", "train", "--data", "hdfs:///d");
        assertEquals(2, r.exit());
        assertTrue(r.args().isEmpty(), "spark-submit not run");
        assertTrue(r.stderr().startsWith("error: ") && r.stderr().contains("--executors"), r.stderr());
        assertEquals(2, submit(Map.of(), "--deploy-mode", "local", "--", "train").exit());
        assertEquals(2, submit(Map.of(), "--", "train", "--conf", "conf/no-such.properties").exit());
    }
}
