package org.xnornet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.xnornet.spark.testing.StandaloneCluster;
import scala.Tuple2;

/**
 * An executor that runs out of memory on a real cluster (a standalone master and worker, the executor in its own
 * JVM): Spark's executor exits with its code 52 and the driver only learns "Command exited with code 52". The
 * launcher must still say what happened and what to change, on one line, with {@link ExitCode#OUT_OF_MEMORY}.
 */
class ExecutorOutOfMemoryIT {
    private static final String SAMPLE = Path.of("data/fashion-mnist-sample").toAbsolutePath().toString();

    @Test
    void anExecutorsOutOfMemoryErrorIsReportedAsSuch() throws Exception {
        StandaloneCluster.stopActiveSessions();
        List<String> set = new ArrayList<>();
        try (StandaloneCluster cluster = StandaloneCluster.start(1, 1, "640m")) {
            // the launcher reads its Spark settings from system properties, as spark-submit passes them
            SparkConf conf = cluster.driverConf("executor-oom-it").set("spark.task.maxFailures", "1");
            for (Tuple2<String, String> kv : conf.getAll()) {
                if (System.getProperty(kv._1()) == null) {
                    System.setProperty(kv._1(), kv._2());
                    set.add(kv._1());
                }
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            // one activation of width 64 at batch 4096 is 822 MB: more than the executor's whole heap
            int code = Main.execute(new String[] {"train", "--data", SAMPLE, "--model", "arch=small_resnet,width=64",
                "--partitions", "1", "--batch", "4096", "--max-iterations", "1"}, new PrintStream(err, true,
                    StandardCharsets.UTF_8));
            String line = err.toString(StandardCharsets.UTF_8).strip();
            assertEquals(ExitCode.OUT_OF_MEMORY, code, line + "\n" + cluster.logTails());
            assertTrue(line.startsWith("error: an executor ran out of memory (Java heap space, executor 0 on 127.0.0.1)")
                    && line.contains("--executor-memory") && !line.contains("\n"), line);
        } finally {
            set.forEach(System::clearProperty);
            StandaloneCluster.stopActiveSessions();
        }
    }
}
