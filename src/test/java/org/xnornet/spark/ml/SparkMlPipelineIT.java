package org.xnornet.spark.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.config.Settings;
import org.xnornet.data.image.ImageDecoder;
import org.xnornet.data.image.ImageTransform;
import org.xnornet.data.parquet.DatasetManifest;
import org.xnornet.data.parquet.ImageDataException;
import org.xnornet.data.parquet.ImageRecord;
import org.xnornet.data.parquet.ParquetImageDataset;
import org.xnornet.data.parquet.RowGroupRef;
import org.xnornet.model.Network;
import org.xnornet.nn.Mode;
import org.xnornet.spark.ScoreKeys;
import org.xnornet.spark.TrainJob;
import org.xnornet.spark.testing.SharedSpark;
import org.xnornet.tensor.Tensor;
import org.xnornet.train.EncodedImageScorer;
import org.xnornet.train.TrainKeys;
import org.xnornet.train.TrainRecipe;

/**
 * The Spark ML stages on the committed sample: fit inside a Pipeline (a tiny budget), save, load in a new session,
 * transform; predictions against the trained network's evaluation forward; both input layouts; a bad image.
 */
class SparkMlPipelineIT {
    private static final String SAMPLE = Path.of("data/fashion-mnist-sample").toAbsolutePath().toString();
    private static final String MEAN = "0.2860";
    private static final String STD = "0.3530";

    @TempDir
    static Path tmp;
    private static PipelineModel fitted;

    @BeforeAll
    static void fit() {
        SparkSession spark = SharedSpark.session();
        DatasetManifest m = ParquetImageDataset.open(SAMPLE, "val", 0, new Configuration()).manifest();
        XnorNetClassifier clf = new XnorNetClassifier().setModel("arch=small_resnet,width=4").setMaxIterations(6)
                .setBatch(16).setPartitions(2).setMean(MEAN).setStd(STD).setTopK(3)
                .setClassIds(m.classes().toArray(String[]::new)).setClassNames(m.classNames().toArray(String[]::new));
        fitted = new Pipeline().setStages(new PipelineStage[] {clf}).fit(spark.read().parquet(SAMPLE + "/train"));
    }

    @Test
    void pipelineSavedAndLoadedInANewSessionPredictsTheSame() throws Exception {
        SparkSession first = SharedSpark.session();
        Map<String, String> before = scores(fitted.transform(first.read().parquet(SAMPLE + "/val")));
        assertEquals(1000, before.size());
        String saved = tmp.resolve("pipeline-model").toString();
        fitted.write().save(saved);
        String unfitted = tmp.resolve("pipeline").toString();
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {new XnorNetClassifier().setLr(0.02)
                .setEpochs(3)});
        pipeline.write().save(unfitted);
        first.stop();

        SparkSession second = SharedSpark.session();
        assertNotSame(first, second);
        PipelineModel loaded = PipelineModel.load(saved);
        XnorNetClassificationModel model = (XnorNetClassificationModel) loaded.stages()[0];
        assertEquals(3, (int) model.getOrDefault(model.param(ScoreKeys.TOP_K)));
        assertEquals("T-shirt/top", model.getClassNames()[0]);
        assertEquals(before, scores(loaded.transform(second.read().parquet(SAMPLE + "/val"))));

        XnorNetClassifier clf = (XnorNetClassifier) Pipeline.load(unfitted).getStages()[0];
        assertEquals(0.02, (double) clf.getOrDefault(clf.param(TrainKeys.LR)));
        assertEquals(3, (int) clf.getOrDefault(clf.param(TrainKeys.EPOCHS)));
    }

    @Test
    void predictionsAreTheEvaluationForwardsTop1() throws Exception {
        XnorNetClassificationModel model = (XnorNetClassificationModel) fitted.stages()[0];
        Network net = EncodedImageScorer.network(model.checkpoint(), "the fitted model");
        Settings s = TrainJob.settings().set("mean", MEAN, "test").set("std", STD, "test");
        ImageTransform t = TrainRecipe.evalTransform(s, net.spec());
        Configuration conf = new Configuration();
        ParquetImageDataset val = ParquetImageDataset.open(SAMPLE, "val", 0, conf);
        Map<String, Integer> expected = new TreeMap<>();
        for (RowGroupRef g : val.rowGroups()) {
            List<ImageRecord> records = val.read(g, conf);
            Tensor x = Tensor.zeros(records.size(), 1, 28, 28);
            for (int i = 0; i < records.size(); i++) {
                t.apply(ImageDecoder.decode(records.get(i).image(), records.get(i).name()), null, x.data(), i * 784);
            }
            float[] z = net.forward(x, Mode.EVAL).data();
            for (int i = 0; i < records.size(); i++) {
                int best = 0;
                for (int k = 1; k < 10; k++) {
                    best = z[i * 10 + k] > z[i * 10 + best] ? k : best;
                }
                expected.put(records.get(i).path(), best);
            }
        }
        Map<String, Integer> actual = new TreeMap<>();
        for (Row r : model.transform(SharedSpark.session().read().parquet(SAMPLE + "/val"))
                .select("path", "prediction", "probability", "topK").collectAsList()) {
            int prediction = (int) r.getDouble(1);
            actual.put(r.getString(0), prediction);
            double[] p = ((Vector) r.get(2)).toArray();
            List<Row> top = r.getList(3);
            assertEquals(3, top.size());
            assertEquals(prediction, top.get(0).getInt(0));
            assertEquals(p[prediction], top.get(0).getDouble(3));
            assertTrue(top.get(0).getDouble(3) >= top.get(1).getDouble(3));
            assertEquals(1.0, java.util.Arrays.stream(p).sum(), 1e-9);
        }
        assertEquals(1000, expected.size(), "paths are unique");
        assertEquals(expected, actual);
    }

    @Test
    void bothLayoutsScoreTheSameImagesTheSame() {
        SparkSession spark = SharedSpark.session();
        XnorNetClassificationModel model = (XnorNetClassificationModel) fitted.stages()[0];
        Dataset<Row> ours = spark.read().parquet(SAMPLE + "/val");
        Dataset<Row> hf = ours.select(struct(col("image").as("bytes"), col("path")).as("image"),
                col("label").cast("long").as("label"));
        assertEquals(scores(model.transform(ours)), scores(model.transform(hf)));
    }

    @Test
    void fitTrainsTheSameNetworkFromEitherLayoutAndLeavesNoFiles() throws Exception {
        SparkSession spark = SharedSpark.session();
        Dataset<Row> ours = spark.read().parquet(SAMPLE + "/train");
        Dataset<Row> hf = ours.select(struct(col("image").as("bytes"), col("path")).as("image"),
                col("label").cast("long").as("label"));
        Path work = Files.createDirectories(tmp.resolve("fit-work"));
        XnorNetClassifier clf = new XnorNetClassifier().setModel("arch=small_resnet,width=2").setMaxIterations(2)
                .setBatch(16).setPartitions(2).setMean(MEAN).setStd(STD).setKey(ScoreKeys.FIT_DIR, work.toString());
        float[] a = clf.fit(ours).checkpoint().state();
        float[] b = clf.fit(hf).checkpoint().state();
        assertArrayEquals(a, b);
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(), left.toList(), "fit deletes its temporary dataset");
        }
    }

    @Test
    void anUndecodableImageFailsNamingIt() {
        SparkSession spark = SharedSpark.session();
        XnorNetClassificationModel model = (XnorNetClassificationModel) fitted.stages()[0];
        StructType schema = new StructType().add("image", DataTypes.BinaryType).add("path", DataTypes.StringType);
        Dataset<Row> bad = spark.createDataFrame(List.of(RowFactory.create(new byte[] {1, 2, 3}, "junk/x.png")), schema);
        Exception e = assertThrows(Exception.class, () -> model.transform(bad).collectAsList());
        List<String> chain = new ArrayList<>();
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ImageDataException) {
                chain.add(c.getMessage());
            }
        }
        assertTrue(!chain.isEmpty() && chain.get(0).contains("junk/x.png"), String.valueOf(chain));
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> model.transform(spark.read().parquet(SAMPLE + "/val").select(col("label").as("image"))));
        assertTrue(wrongType.getMessage().contains("'image'"), wrongType.getMessage());
    }

    /** path → prediction, probabilities, logits and top-k, as text (doubles print exactly). */
    private static Map<String, String> scores(Dataset<Row> scored) {
        Map<String, String> out = new TreeMap<>();
        Dataset<Row> rows = java.util.Arrays.asList(scored.columns()).contains("path") ? scored
                .select(col("path"), col("prediction"), col("probability"), col("rawPrediction"), col("topK"))
                : scored.select(col("image.path"), col("prediction"), col("probability"), col("rawPrediction"),
                        col("topK"));
        for (Row r : rows.collectAsList()) {
            out.put(r.getString(0), r.get(1) + " " + r.get(2) + " " + r.get(3) + " " + r.getList(4));
        }
        return out;
    }
}
