package org.xnornet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The kernel pool size a cluster task gets from the Spark configuration. */
class KernelThreadsTest {
    private static SparkConf conf(String master, String... pairs) {
        SparkConf conf = new SparkConf(false).setMaster(master);
        for (int i = 0; i < pairs.length; i += 2) {
            conf.set(pairs[i], pairs[i + 1]);
        }
        return conf;
    }

    @Test
    void aClusterTaskGetsItsCpusElseTheExecutorsCoresCappedByTheProcessors() {
        assertEquals(OptionalInt.of(4), KernelThreads.forTasks(
                conf("yarn", "spark.executor.cores", "8", "spark.task.cpus", "4"), false, 16));
        assertEquals(OptionalInt.of(8), KernelThreads.forTasks(conf("yarn", "spark.executor.cores", "8"), false, 16));
        assertEquals(OptionalInt.of(2), KernelThreads.forTasks(
                conf("spark://m:7077", "spark.task.cpus", "6"), false, 2));
    }

    @Test
    void localMastersTheThreadsPropertyAndUnsetCoresKeepThePool() {
        assertTrue(KernelThreads.forTasks(conf("local[2]", "spark.task.cpus", "1"), false, 16).isEmpty());
        assertTrue(KernelThreads.forTasks(conf("yarn", "spark.task.cpus", "1"), true, 16).isEmpty());
        assertTrue(KernelThreads.forTasks(conf("k8s://https://k:6443"), false, 16).isEmpty());
    }

    @Test
    void aNonPositiveCountIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelThreads.forTasks(conf("yarn", "spark.executor.cores", "0"), false, 16));
        assertTrue(e.getMessage().contains("spark.executor.cores") && e.getMessage().contains("0"), e.getMessage());
    }
}
