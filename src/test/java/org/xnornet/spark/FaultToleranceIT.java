package org.xnornet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xnornet.spark.testing.SharedSpark;

/** A task that fails on its first attempt is retried and the run ends exactly where the fault-free run ends. */
@ExtendWith(SharedSpark.class)
class FaultToleranceIT {
    @Test
    void aTaskFailingOnceChangesNothing(SparkSession spark) throws Exception {
        float[] clean = TrainJob.run(spark, EquivalenceIT.settings("gamma2", "sgd", false)).state();
        AtomicInteger failed = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    failed.incrementAndGet();
                }
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            // local[*] runs tasks in this JVM, where the test-only property is read (it is no user setting)
            System.setProperty(ExecutorSide.FAIL_ONCE, "4:1");
            float[] faulty;
            try {
                faulty = TrainJob.run(spark, EquivalenceIT.settings("gamma2", "sgd", false)).state();
            } finally {
                System.clearProperty(ExecutorSide.FAIL_ONCE);
            }
            spark.sparkContext().listenerBus().waitUntilEmpty();
            assertEquals(1, failed.get(), "the injected failure happened once and was retried");
            assertArrayEquals(clean, faulty, "same final parameters, bit for bit");
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        assertTrue(clean.length > 0);
    }
}
