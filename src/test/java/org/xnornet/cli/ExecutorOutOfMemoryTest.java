package org.xnornet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/**
 * The driver's view of an executor's memory failure, in the words Spark 4.2's scheduler uses for each cluster manager
 * (the task's own error is also seen on a real standalone cluster by {@code ExecutorOutOfMemoryIT}).
 */
class ExecutorOutOfMemoryTest {
    private static final String ABORTED = "Job aborted due to stage failure: Task 0 in stage 3.0 failed 4 times, most "
            + "recent failure: Lost task 0.3 in stage 3.0 (TID 9) ";

    private static String line(String sparkMessage) {
        Main.Failure f = Main.failure(new RuntimeException("training failed", new SparkException(sparkMessage)));
        if (f.line().startsWith("error: an executor ran out of memory")) {
            assertEquals(ExitCode.OUT_OF_MEMORY, f.exitCode(), "the line and the exit code agree");
        } else {
            assertEquals(ExitCode.TRAINING, f.exitCode(), "a failed job that is not an executor's memory");
        }
        return f.line();
    }

    @Test
    void aTasksOwnErrorFromAnExecutorNamesTheExecutor() {
        String m = ABORTED + "(10.0.0.7 executor 3): java.lang.OutOfMemoryError: Java heap space\n\tat x.y(Z.java:1)";
        assertEquals("error: an executor ran out of memory (Java heap space, executor 3 on 10.0.0.7): give each "
                + "executor more memory (--executor-memory for its heap, spark.executor.memoryOverhead for memory "
                + "outside it, as deploy/yarn/submit.sh sizes them; docs/RELIABILITY.md says what a model needs), or "
                + "train at a smaller batch per executor", line(m));
    }

    @Test
    void anExecutorThatDiedWithSparksOutOfMemoryCodeOrWasKilledForMemory() {
        String standalone = ABORTED + "(10.0.0.7 executor 3): ExecutorLostFailure (executor 3 exited caused by one of "
                + "the running tasks) Reason: Command exited with code 52";
        String yarn = ABORTED + "(node-2 executor 5): ExecutorLostFailure (executor 5 exited caused by one of the "
                + "running tasks) Reason: Container from a bad node: container_1_0001_01_000006 on host: node-2. "
                + "Exit status: 52. Diagnostics: [2026-12-02]Exception from container-launch.";
        String yarnKill = ABORTED + "(node-2 executor 5): ExecutorLostFailure (executor 5 exited caused by one of the "
                + "running tasks) Reason: Container killed by YARN for exceeding physical memory limits. 5.5 GB of "
                + "5.5 GB physical memory used.";
        String k8s = ABORTED + "(10.1.2.3 executor 2): ExecutorLostFailure (executor 2 exited caused by one of the "
                + "running tasks) Reason: The executor with id 2 exited with exit code 137(SIGKILL, possible container "
                + "OOM). The API gave the following container statuses: container name: spark-kubernetes-executor, "
                + "container state: terminated, container reason: OOMKilled";
        assertTrue(line(standalone).startsWith("error: an executor ran out of memory (executor 3 on 10.0.0.7 ended: "
                + "exited with code 52, Spark's exit code for an executor out of memory): give each executor"),
                line(standalone));
        assertTrue(line(yarn).contains("(executor 5 on node-2 ended: Exit status: 52, Spark's exit code"), line(yarn));
        assertTrue(line(yarnKill).contains("ended: exceeding physical memory limits)"), line(yarnKill));
        assertTrue(line(k8s).contains("ended: OOMKilled)"), line(k8s));
    }

    @Test
    void otherFailuresAreNotMemory() {
        assertNull(ExecutorOutOfMemory.diagnose(new SparkException(ABORTED + "(10.0.0.7 executor 3): "
                + "ExecutorLostFailure (executor 3 exited caused by one of the running tasks) Reason: Command exited "
                + "with code 1")));
        assertNull(ExecutorOutOfMemory.diagnose(new SparkException(ABORTED + "(localhost executor driver): "
                + "java.lang.OutOfMemoryError: Java heap space")), "local mode: the launcher's own heap");
        assertNull(ExecutorOutOfMemory.diagnose(new SparkException(ABORTED + "(10.0.0.7 executor 3): "
                + "java.io.IOException: disk full")));
    }
}
