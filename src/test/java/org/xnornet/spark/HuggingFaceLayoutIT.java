package org.xnornet.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.data.Batch;
import org.xnornet.data.image.ImageTransform;
import org.xnornet.data.parquet.BadImageCounter;
import org.xnornet.data.parquet.CacheMode;
import org.xnornet.data.parquet.ImageLayout;
import org.xnornet.data.parquet.ParquetImageDataset;
import org.xnornet.data.parquet.PartitionBatches;
import org.xnornet.data.parquet.PartitionPlan;
import org.xnornet.spark.testing.SharedSpark;

/** A Parquet file in the Hugging Face imagenet-1k layout, written by Spark, reads into the same tensors as ours. */
@ExtendWith(SharedSpark.class)
class HuggingFaceLayoutIT {
    @TempDir
    Path tmp;

    @Test
    void huggingFaceLayoutReadsIntoTheSameTensors(SparkSession spark) throws Exception {
        Path tree = IlsvrcTree.write(tmp.resolve("tree"));
        Path ours = tmp.resolve("ours");
        ConvertJob.ilsvrc(spark, new ConvertOptions(tree.toString(), ours.toString(), 1, 256, 128, 0, 0, 0.9f, 0, false,
                0.5, null, null, 0, 0));
        Path hfDir = tmp.resolve("hf-spark");
        spark.read().parquet(ours.resolve("train").toString())
                .select(struct(col("image").as("bytes"), col("path")).as("image"), col("label").cast("long").as("label"))
                .write().parquet(hfDir.toString());
        Path hf = Files.createDirectories(tmp.resolve("hf/data"));
        try (var files = Files.list(hfDir)) {
            List<Path> parts = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
            for (int i = 0; i < parts.size(); i++) {
                Files.move(parts.get(i), hf.resolve(String.format("train-%05d-of-%05d.parquet", i, parts.size())));
            }
        }
        Configuration conf = new Configuration();
        ParquetImageDataset a = ParquetImageDataset.open(ours.toString(), "train", 0, conf);
        ParquetImageDataset b = ParquetImageDataset.open(tmp.resolve("hf").toString(), "train", 3, conf);
        assertEquals(ImageLayout.HUGGING_FACE, b.files().get(0).layout());
        assertEquals(a.rows(), b.rows());
        assertEquals(samples(a), samples(b));
    }

    /** Every sample as "label:pixels", sorted, through the ImageNet evaluation transform. */
    private static List<String> samples(ParquetImageDataset d) {
        PartitionBatches pb = new PartitionBatches(d, PartitionPlan.of(d, 1).groups(0), 0, 1, 1, CacheMode.NONE,
                new BadImageCounter(d.rows(), 0), new Configuration());
        List<String> out = new ArrayList<>();
        for (Iterator<Batch> it = pb.evalBatches(ImageTransform.imagenetEval(32), 5); it.hasNext();) {
            Batch batch = it.next();
            int sample = batch.images().data().length / batch.size();
            for (int i = 0; i < batch.size(); i++) {
                out.add(batch.labels()[i] + ":" + Arrays.toString(
                        Arrays.copyOfRange(batch.images().data(), i * sample, (i + 1) * sample)));
            }
        }
        out.sort(null);
        return out;
    }
}
