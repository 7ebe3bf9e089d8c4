package org.xnornet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.xnornet.spark.testing.StandaloneCluster;
import org.xnornet.tensor.Tensor;

/**
 * Jobs on a real standalone cluster (a master, two one-core workers, executor JVMs): our jar reaches the
 * executors, tasks spread over both, and a job survives an executor killed with SIGKILL while it runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    private static final long SUM_OF_SQUARES = 9999L * 10000L * 19999L / 6;
    private static final AtomicInteger STARTED = new AtomicInteger();
    private static final AtomicInteger FAILED = new AtomicInteger();

    private static StandaloneCluster cluster;
    private static SparkSession spark;
    private static JavaSparkContext jsc;

    @BeforeAll
    static void startCluster() throws Exception {
        long t0 = System.nanoTime();
        cluster = StandaloneCluster.start(2, 1, "1g");
        long t1 = System.nanoTime();
        StandaloneCluster.stopActiveSessions();
        spark = SparkSession.builder().config(cluster.driverConf("standalone-cluster-it")).getOrCreate();
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart e) {
                STARTED.incrementAndGet();
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd e) {
                if (!e.taskInfo().successful()) {
                    FAILED.incrementAndGet();
                }
            }
        });
        System.out.printf("StandaloneClusterIT: cluster up in %.1f s, driver in %.1f s (%s)%n", (t1 - t0) / 1e9,
                (System.nanoTime() - t1) / 1e9, cluster.dir());
    }

    @AfterAll
    static void stopCluster() {
        StandaloneCluster.stopSessionsAndClose(cluster);
    }

    @Test
    @Order(1)
    void tasksRunInBothExecutorJvmsWithOurClasses() throws Exception {
        List<long[]> parts = squares(0).collect();
        assertEquals(SUM_OF_SQUARES, parts.stream().mapToLong(p -> p[0]).sum());
        Set<Long> pids = pidsOf(parts);
        assertEquals(2, pids.size(), "four tasks on two one-core executors: " + pids);
        assertEquals(pids, Set.copyOf(cluster.executorPids()), "tasks ran in the workers' executor JVMs");
        assertFalse(pids.contains(ProcessHandle.current().pid()), "not in the driver");
    }

    @Test
    @Order(2)
    void jobSurvivesAnExecutorKilledWhileItRuns() throws Exception {
        List<Long> before = cluster.awaitExecutors(2, Duration.ofSeconds(30));
        int started = STARTED.get();
        int failed = FAILED.get();
        JavaFutureAction<List<long[]>> job = squares(2_000).collectAsync();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (STARTED.get() < started + 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        long victim = before.get(0);
        assertTrue(ProcessHandle.of(victim).map(ProcessHandle::destroyForcibly).orElse(false), "kill " + victim);

        List<long[]> parts = job.get(90, TimeUnit.SECONDS);
        assertEquals(SUM_OF_SQUARES, parts.stream().mapToLong(p -> p[0]).sum());
        assertFalse(pidsOf(parts).contains(victim), "no result comes from the killed executor");
        assertTrue(FAILED.get() > failed, "the killed executor's task failed and was retried");

        List<Long> after = cluster.awaitExecutors(2, Duration.ofSeconds(60));
        assertFalse(after.contains(victim), "the worker replaced the killed executor: " + after);
        List<long[]> again = squares(0).collect();
        assertEquals(SUM_OF_SQUARES, again.stream().mapToLong(p -> p[0]).sum());
        assertTrue(new HashSet<>(after).containsAll(pidsOf(again)), "the next job runs on " + after);
    }

    /** Sum of squares of 0..9999 in four partitions, by our {@link Tensor#sizeOf}, with each task's PID. */
    private static JavaRDD<long[]> squares(long sleepMillis) {
        List<Integer> numbers = IntStream.range(0, 10_000).boxed().toList();
        return jsc.parallelize(numbers, 4).mapPartitions(it -> sumOfSquares(it, sleepMillis));
    }

    private static Iterator<long[]> sumOfSquares(Iterator<Integer> it, long sleepMillis) throws InterruptedException {
        Thread.sleep(sleepMillis);
        long sum = 0;
        while (it.hasNext()) {
            int x = it.next();
            sum += Tensor.sizeOf(new int[] {x, x});
        }
        return List.of(new long[] {sum, ProcessHandle.current().pid()}).iterator();
    }

    private static Set<Long> pidsOf(List<long[]> parts) {
        List<Long> pids = new ArrayList<>();
        parts.forEach(p -> pids.add(p[1]));
        return new HashSet<>(pids);
    }
}
