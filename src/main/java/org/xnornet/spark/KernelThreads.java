package org.xnornet.spark;

import java.util.OptionalInt;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.xnornet.kernel.Parallel;

/**
 * How many kernel threads the engine runs in a training task on a cluster executor. By default its pool has as many
 * threads as the JVM sees processors, which on a node shared by several executors (standalone workers, YARN without
 * CPU isolation) counts every core of the node. On a cluster the task's share is what it may use: {@code
 * spark.task.cpus} when set (one training task per executor with {@code spark.task.cpus = spark.executor.cores} gives
 * it the executor's cores), else {@code spark.executor.cores}. Local masters (the cores are the user's),
 * {@code -Dxnornet.threads} and executors with neither setting keep the pool as it is. Results do not depend on the
 * count ({@link Parallel}), so this changes speed only.
 */
final class KernelThreads {
    private KernelThreads() {
    }

    /** The thread count for tasks under {@code conf}, or empty to keep the pool; at most {@code processors}. */
    static OptionalInt forTasks(SparkConf conf, boolean threadsSetByProperty, int processors) {
        if (threadsSetByProperty || conf.get("spark.master", "local").startsWith("local")) {
            return OptionalInt.empty();
        }
        String key = conf.contains("spark.task.cpus") ? "spark.task.cpus"
                : conf.contains("spark.executor.cores") ? "spark.executor.cores" : null;
        if (key == null) {
            return OptionalInt.empty();
        }
        int cpus = conf.getInt(key, 1);
        if (cpus < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, was " + conf.get(key));
        }
        return OptionalInt.of(Math.min(cpus, processors));
    }

    /** Sizes this executor's kernel pool for its tasks (see the class comment); a no-op when nothing changes. */
    static void applyOnExecutor() {
        SparkEnv env = SparkEnv.get();
        if (env == null) {
            return;
        }
        forTasks(env.conf(), System.getProperty("xnornet.threads") != null,
                Runtime.getRuntime().availableProcessors()).ifPresent(n -> {
                    if (n != Parallel.threads()) {
                        Parallel.setThreads(n);
                    }
                });
    }
}
