package org.xnornet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xnornet.config.Settings;
import org.xnornet.data.parquet.DatasetManifest;
import org.xnornet.model.ModelSpec;
import org.xnornet.spark.testing.SharedSpark;
import org.xnornet.train.TrainKeys;

/**
 * The ImageNet configurations a user with ImageNet runs (conf/imagenet-resnet18.properties, conf/imagenet-alexnet
 * .properties), end to end for two iterations: a generated ILSVRC2012-style tree converted at 256, then the
 * trainer with the configuration's every key: its model at 224² (with the tree's 3 classes instead of 1000), Adam,
 * schedule, augmentation and evaluation transform, on 2 workers × 2 images instead of its cluster's partitions and
 * batch.
 */
@ExtendWith(SharedSpark.class)
class ImagenetConfigsIT {
    @TempDir
    static Path tmp;
    static String dataset;
    static DatasetManifest manifest;

    @BeforeAll
    static void convertTree(SparkSession spark) throws Exception {
        Path tree = IlsvrcTree.write(tmp.resolve("ilsvrc"));
        dataset = tmp.resolve("imagenet-256").toString();
        manifest = ConvertJob.ilsvrc(spark, new ConvertOptions(tree.toString(), dataset, 2, 256, 128, 3, 256,
                0.9f, 0, false, 0.5, null, null, 0, 0));
        assertEquals(IlsvrcTree.CLASSES, manifest.classes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"conf/imagenet-resnet18.properties", "conf/imagenet-alexnet.properties"})
    void theConfigurationTrainsAndEvaluatesEndToEnd(String conf, SparkSession spark) throws Exception {
        Settings s = TrainJob.settings().loadFile(Path.of(conf));
        ModelSpec spec = ModelSpec.parse(s.get(TrainKeys.MODEL));
        assertEquals(224, spec.height(), "the paper's input size");
        String out = tmp.resolve("run-" + Path.of(conf).getFileName()).toString();
        s.set("data", dataset, "test").set("model", s.get(TrainKeys.MODEL) + ",classes=3", "test: the tree's classes")
                .set("partitions", "2", "test").set("batch", "2", "test").set("eval-batch", "4", "test")
                .set("max-iterations", "2", "test").set("out", out, "test");
        TrainJob.Result r = TrainJob.run(spark, s);
        assertEquals(2, r.rounds());
        assertEquals(manifest.splits().get("val").images(), r.val().count(), "every val image evaluated");
        assertTrue(Double.isFinite(r.val().loss()));
        assertTrue(Files.isRegularFile(Path.of(out, "model.xnc")));
        assertEquals(spec.architecture(), r.spec().architecture());
    }
}
