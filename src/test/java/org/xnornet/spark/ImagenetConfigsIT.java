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
import org.junit.jupiter.params.provider.CsvSource;
import org.xnornet.config.Settings;
import org.xnornet.data.parquet.DatasetManifest;
import org.xnornet.model.ModelSpec;
import org.xnornet.spark.testing.SharedSpark;
import org.xnornet.train.TrainKeys;

/**
 * The ImageNet configurations a user with ImageNet runs (conf/imagenet-resnet18.properties and
 * conf/imagenet-alexnet.properties), each end to end for two iterations: a generated ILSVRC2012-style tree converted
 * at 256, then the launcher's {@code train} with the configuration's every key: its model at 224² (with the tree's 3
 * classes instead of 1000), Adam, schedule, augmentation and evaluation transform, on 1 worker × 2 images instead of
 * its cluster's partitions and batch (one worker: local mode holds every worker's copies of the state in one JVM).
 * AlexNet's launcher gets a 12 GB heap: its state with Adam's moments is 0.73 GB a copy (fc6 alone is 9216 × 4096
 * weights), and local mode keeps the driver's state, its broadcast blocks, the worker's network and its result in one
 * JVM, which did not fit in 10 GB. No more than 12: beside this JVM's 6 GB, a 16 GB child was killed by the kernel on
 * a 24 GB machine.
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
    @CsvSource({"conf/imagenet-resnet18.properties, 10g", "conf/imagenet-alexnet.properties, 12g"})
    void theConfigurationTrainsAndEvaluatesEndToEnd(String conf, String heap) throws Exception {
        Settings s = TrainJob.settings().loadFile(Path.of(conf));
        ModelSpec spec = ModelSpec.parse(s.get(TrainKeys.MODEL));
        assertEquals(224, spec.height(), "the paper's input size");
        Path out = tmp.resolve("run-" + Path.of(conf).getFileName());
        // the launcher, as a user runs it, in a JVM of its own
        ProcessBuilder pb = new ProcessBuilder("deploy/bin/xnornet", "train", "--conf", conf, "--data", dataset,
                "--model", s.get(TrainKeys.MODEL) + ",classes=3", "--partitions", "1", "--batch", "2",
                "--eval-batch", "4", "--max-iterations", "2", "--out", out.toString()).redirectErrorStream(true);
        pb.environment().put("JAVA_OPTS", "-Xmx" + heap);
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, java.util.concurrent.TimeUnit.SECONDS), log);
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("trained " + ModelSpec.parse(s.get(TrainKeys.MODEL) + ",classes=3")
                + " for 2 iterations"), log);
        long images = manifest.splits().get("val").images();
        assertTrue(log.contains("(" + images + " samples)"), "every val image evaluated: " + log);
        assertTrue(Files.isRegularFile(out.resolve("model.xnc")));
    }
}
