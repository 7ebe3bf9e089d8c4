package org.xnornet.spark;

import org.xnornet.config.Settings;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xnornet.data.parquet.ImageDataException;
import org.xnornet.spark.testing.SharedSpark;

/** The train job refuses bad set-ups before any work, with messages that name the key at fault. */
@ExtendWith(SharedSpark.class)
class StartupChecksIT {
    @Test
    void fewerSlotsThanPartitionsFailsWhenConfiguredTo(SparkSession spark) {
        Settings s = EquivalenceIT.settings("gamma1", "sgd", false).set("partitions", "4", "--partitions")
                .set("slots", "fail", "--slots").set("slots-wait-seconds", "0", "--slots-wait-seconds");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainJob.run(spark, s));
        assertTrue(e.getMessage().contains("2 task slots for 4 partitions") && e.getMessage().contains("'slots'"),
                e.getMessage());
    }

    @Test
    void modelAndDataMustAgree(SparkSession spark) {
        Settings s = EquivalenceIT.settings("gamma1", "sgd", false)
                .set("model", "arch=small_resnet,classes=5", "--model");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainJob.run(spark, s));
        assertTrue(e.getMessage().contains("key 'model'") && e.getMessage().contains("10"), e.getMessage());
        Settings big = EquivalenceIT.settings("gamma1", "sgd", false).set("batch", "5000", "--batch");
        e = assertThrows(IllegalArgumentException.class, () -> TrainJob.run(spark, big));
        assertTrue(e.getMessage().contains("key 'batch'"), e.getMessage());
        Settings missing = EquivalenceIT.settings("gamma1", "sgd", false).set("data", "/nonexistent/x", "--data");
        ImageDataException d = assertThrows(ImageDataException.class, () -> TrainJob.run(spark, missing));
        assertTrue(d.getMessage().contains("/nonexistent/x"), d.getMessage());
        Settings resume = EquivalenceIT.settings("gamma1", "sgd", false).set("resume", "true", "--resume");
        e = assertThrows(IllegalArgumentException.class, () -> TrainJob.run(spark, resume));
        assertTrue(e.getMessage().contains("key 'resume'") && e.getMessage().contains("'out'"), e.getMessage());
    }
}
