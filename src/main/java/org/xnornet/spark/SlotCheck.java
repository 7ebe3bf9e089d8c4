package org.xnornet.spark;

import java.util.logging.Logger;
import org.apache.spark.SparkContext;

/**
 * Synchronous training wants every partition running at once. Counts the cluster's task slots (waiting a while
 * for executors to register) and warns — or fails, with {@code slots=fail} — when there are fewer than partitions.
 */
final class SlotCheck {
    private static final Logger LOG = Logger.getLogger(SlotCheck.class.getName());

    private SlotCheck() {
    }

    /** Task slots now: local[N] threads, or executors × cores per executor / cpus per task. */
    static int slots(SparkContext sc) {
        String master = sc.master();
        if (master.startsWith("local")) {
            return sc.defaultParallelism();
        }
        int executors = sc.statusTracker().getExecutorInfos().length - 1;
        int cores = sc.conf().getInt("spark.executor.cores", 0);
        if (cores == 0) {
            return Math.max(0, sc.defaultParallelism());
        }
        return executors * cores / Math.max(1, sc.conf().getInt("spark.task.cpus", 1));
    }

    static void check(SparkContext sc, int partitions, org.xnornet.config.Settings s) throws InterruptedException {
        long deadline = System.nanoTime() + s.get(SparkKeys.SLOTS_WAIT) * 1_000_000_000L;
        int slots = slots(sc);
        while (slots < partitions && System.nanoTime() < deadline) {
            Thread.sleep(500);
            slots = slots(sc);
        }
        if (slots >= partitions) {
            return;
        }
        String msg = "the cluster has " + slots + " task slots for " + partitions + " partitions: synchronous "
                + "training runs every partition each iteration, so iterations will take " + (partitions + slots - 1)
                / Math.max(1, slots) + " waves; add executors or lower 'partitions'";
        if (s.get(SparkKeys.SLOTS).equals("fail")) {
            throw new IllegalStateException(msg + " (key 'slots' is 'fail')");
        }
        LOG.warning(msg);
    }
}
