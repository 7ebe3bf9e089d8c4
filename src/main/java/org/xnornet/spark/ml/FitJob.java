package org.xnornet.spark.ml;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.xnornet.config.Settings;
import org.xnornet.data.DataKeys;
import org.xnornet.data.parquet.ImageLayout;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.spark.ScoreKeys;
import org.xnornet.spark.SparkKeys;
import org.xnornet.spark.TrainJob;
import org.xnornet.train.Checkpoint;
import org.xnornet.train.CheckpointException;
import org.xnornet.train.EncodedImageScorer;
import org.xnornet.train.TrainKeys;
import org.xnornet.train.TrainRecipe;

/**
 * What {@link XnorNetClassifier#fit} runs. The DataFrame's images and labels are written once, as a temporary
 * Parquet dataset in our layout (image binary, label int; one file per training partition) under {@code fitDir}; the
 * distributed trainer ({@link TrainJob}) trains on it exactly as {@code train} would on a dataset, with the estimator's
 * params as its keys and no validation split; the folder is then deleted. Why not the rows themselves: the trainer's
 * tasks are pure functions of (plan, state, round, partition) that read fixed Parquet row groups on the executors,
 * which keeps data off the driver and makes a retried or restarted round reproduce itself; a DataFrame's partitions
 * are no such plan, and its lineage would be recomputed every round. Writing once takes any DataFrame (filtered,
 * joined, either layout) for the cost of one pass over its images.
 */
final class FitJob {
    private FitJob() {
    }

    /** Trains and returns the network's model-only checkpoint. */
    static Checkpoint train(XnorNetClassifier estimator, Dataset<?> data) {
        SparkSession spark = data.sparkSession();
        Settings s = TrainJob.settings();
        estimator.keys.copyInto(estimator, s, true);
        ModelSpec spec = TrainRecipe.spec(s);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String fitDir = estimator.getOrDefault(estimator.keys.of(ScoreKeys.FIT_DIR));
        Path dir = new Path(fitDir.isEmpty() ? conf.get("hadoop.tmp.dir") : fitDir, "xnornet-fit-" + UUID.randomUUID());
        s.set(TrainKeys.DATA.name(), dir.toString(), "fit");
        s.set(DataKeys.VAL_SPLIT.name(), "none", "fit");
        s.set(DataKeys.CLASSES.name(), Integer.toString(spec.classes()), "fit");
        TrainJob.validate(s);
        int partitions = s.get(SparkKeys.PARTITIONS) > 0 ? s.get(SparkKeys.PARTITIONS)
                : spark.sparkContext().defaultParallelism();
        ImageColumn column = ImageColumn.resolve(data.schema(), estimator.getOrDefault(estimator.columns.inputCol));
        Column image = column.struct() ? col(column.name()).getField(ImageLayout.HF_BYTES) : col(column.name());
        Column label = col(estimator.getOrDefault(estimator.labelCol)).cast("int");
        try {
            FileSystem fs = dir.getFileSystem(conf);
            try {
                data.select(image.as(ImageLayout.IMAGE), label.as(ImageLayout.LABEL)).repartition(partitions)
                        .write().parquet(new Path(dir, s.get(DataKeys.TRAIN_SPLIT)).toString());
                TrainJob.Result r = TrainJob.run(spark, s, null, System.out);
                Network net = EncodedImageScorer.network(r.checkpoint(), "the trained state");
                return Checkpoint.of(net, r.checkpoint().iteration(), r.checkpoint().epoch());
            } finally {
                fs.delete(dir, true);
            }
        } catch (CheckpointException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("fit: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fit was interrupted", e);
        }
    }
}
