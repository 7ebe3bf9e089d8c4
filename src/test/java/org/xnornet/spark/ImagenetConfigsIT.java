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
import org.xnornet.testing.ChildProcess;
import org.xnornet.train.TrainKeys;

/**
 * The ImageNet configurations a user with ImageNet runs (conf/imagenet-resnet18.properties and
 * conf/imagenet-alexnet.properties), each end to end for two iterations: a generated ILSVRC2012-style tree converted
 * at 256, then the launcher's {@code train} with the configuration's every key: its model at 224² (with the tree's 3
 * classes instead of 1000), Adam, schedule, augmentation and evaluation transform, on 1 worker × 2 images instead of
 * its cluster's partitions and batch (one worker: local mode holds every worker's copies of the state in one JVM).
 * Each child is killed if it has not finished in 600 s ({@link ChildProcess}): an earlier version of this test waited
 * on the child's output with no limit, and a child whose Spark thread had run out of memory held CI until its own limit.
 * The heaps are what each needs with room to spare, measured with GC logs: ResNet-18's live heap peaked at 3.1 GB;
 * AlexNet's (exchange=gradients, its configuration's) at 5.9 GB, with the driver's network, the worker's network and
 * the state (0.7 GB each: fc6 alone is 9216 × 4096 weights, with Adam's two moments), the weights sent and the mean
 * gradients in one JVM. With exchange=state it ran out of memory in 12 GB. AlexNet once ran out of memory in CI in 8 GB
 * when its peak was 6.7 GB (evaluation then broadcast the whole state, Adam's moments too): its arrays of 0.15 to
 * 0.7 GB are humongous objects, which G1 needs in contiguous free regions, so the test gives it 10 GB.
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
    @CsvSource({"conf/imagenet-resnet18.properties, 5g", "conf/imagenet-alexnet.properties, 10g"})
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
        ChildProcess.Result run = ChildProcess.run(pb, tmp, 600);
        String log = run.stdout();
        assertEquals(0, run.exit(), log);
        assertTrue(log.contains("trained " + ModelSpec.parse(s.get(TrainKeys.MODEL) + ",classes=3")
                + " for 2 iterations"), log);
        long images = manifest.splits().get("val").images();
        assertTrue(log.contains("(" + images + " samples)"), "every val image evaluated: " + log);
        assertTrue(Files.isRegularFile(out.resolve("model.xnc")));
    }
}
