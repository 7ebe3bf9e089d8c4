package org.xnornet.spark.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.xnornet.config.CommonKeys;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;
import org.xnornet.data.DataKeys;
import org.xnornet.data.convert.AtomicDirectory;
import org.xnornet.data.parquet.ImageLayout;
import org.xnornet.data.parquet.ParquetImageDataset;
import org.xnornet.data.parquet.ParquetImageFile;
import org.xnornet.spark.ScoreKeys;
import org.xnornet.spark.SparkKeys;
import org.xnornet.train.Checkpoint;
import org.xnornet.train.CheckpointException;
import org.xnornet.train.RunFolder;
import org.xnornet.train.TrainKeys;

/**
 * Batch scoring as a Spark job ({@code score}): a Parquet image dataset (our layout or Hugging Face's) through an
 * {@link XnorNetClassificationModel} — saved by Spark ML, or made from a model.xnc and the run.properties beside it —
 * into a Parquet folder of predictions (path, label if the data has one, prediction, predicted class id and name,
 * its probability, top-k), written to a hidden sibling folder and renamed into place.
 */
public final class ScoreJob {
    private ScoreJob() {
    }

    /** The keys of {@code score}. */
    public static final List<KeyGroup> KEYS = List.of(ScoreKeys.SCORE, new KeyGroup("input", List.of(TrainKeys.DATA,
            TrainKeys.EVAL_BATCH)), CommonKeys.OUTPUT, SparkKeys.SESSION);
    /** The preprocessing keys a model.xnc's run must have recorded. */
    private static final List<Key<?>> PREPROCESSING = List.of(DataKeys.IMAGE_SIZE, DataKeys.EVAL_RESIZE, DataKeys.MEAN,
            DataKeys.STD);

    /** Checks that need neither Spark nor files. */
    public static void validate(Settings s) {
        s.require(!s.get(ScoreKeys.MODEL_PATH).isEmpty(), ScoreKeys.MODEL_PATH, "is required: a model.xnc or a saved "
                + "Spark ML model folder");
        s.require(!s.get(TrainKeys.DATA).isEmpty(), TrainKeys.DATA, "is required: the Parquet dataset to score");
        s.require(!s.get(CommonKeys.OUT).isEmpty(), CommonKeys.OUT, "is required: the Parquet folder to write");
    }

    /** Scores and writes; returns the number of images scored. */
    public static long run(SparkSession spark, Settings s) throws IOException {
        validate(s);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path out = new Path(s.get(CommonKeys.OUT));
        FileSystem outFs = out.getFileSystem(conf);
        XnorNetClassificationModel model = model(spark, s.get(ScoreKeys.MODEL_PATH), conf);
        ParquetImageDataset data = ParquetImageDataset.open(s.get(TrainKeys.DATA), s.get(ScoreKeys.SPLIT),
                model.spec().classes(), conf);
        if (data.manifest() != null && model.getClassIds().length == 0) {
            model.setClassIds(data.classes().ids().toArray(String[]::new));
            if (data.manifest().classNames() != null) {
                model.setClassNames(data.manifest().classNames().toArray(String[]::new));
            }
        }
        model.setTopK(s.get(ScoreKeys.TOP_K)).setKey(TrainKeys.EVAL_BATCH, s.get(TrainKeys.EVAL_BATCH))
                .setInputCol(ImageLayout.IMAGE);
        String[] files = data.files().stream().map(ParquetImageFile::file).toArray(String[]::new);
        Dataset<Row> predictions = predictions(model.transform(spark.read().parquet(files)),
                data.files().get(0).layout());
        AtomicDirectory dir = AtomicDirectory.begin(outFs, out, s.get(CommonKeys.OVERWRITE));
        try {
            predictions.write().mode(SaveMode.Overwrite).parquet(dir.temp().toString());
            dir.commit();
        } catch (RuntimeException | IOException e) {
            dir.abort();
            throw e;
        }
        return spark.read().parquet(out.toString()).count();
    }

    /** The columns written: path, label (if any), prediction, predicted class and name, probability, top_k. */
    static Dataset<Row> predictions(Dataset<Row> scored, ImageLayout layout) {
        List<Column> cols = new ArrayList<>();
        List<String> names = Arrays.asList(scored.columns());
        if (layout == ImageLayout.HUGGING_FACE) {
            cols.add(col(ImageLayout.IMAGE).getField(ImageLayout.PATH).as(ImageLayout.PATH));
        } else if (names.contains(ImageLayout.PATH)) {
            cols.add(col(ImageLayout.PATH));
        }
        if (names.contains(ImageLayout.LABEL)) {
            cols.add(col(ImageLayout.LABEL).cast("int").as(ImageLayout.LABEL));
        }
        Column top = element_at(col("topK"), 1);
        cols.add(col("prediction").cast("int").as("prediction"));
        cols.add(top.getField("class").as("predicted_class"));
        cols.add(top.getField("name").as("predicted_name"));
        cols.add(top.getField("probability").as("probability"));
        cols.add(col("topK").as("top_k"));
        return scored.select(cols.toArray(Column[]::new));
    }

    /**
     * The model at {@code path}: a folder saved by {@link XnorNetClassificationModel} (it has {@code metadata/}),
     * a run folder (its model.xnc), or a model.xnc, whose preprocessing comes from the run.properties beside it.
     */
    public static XnorNetClassificationModel model(SparkSession spark, String path, Configuration conf)
            throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) {
            throw new CheckpointException("model " + path + " does not exist (expected a model.xnc or a saved Spark "
                    + "ML model folder)");
        }
        if (fs.getFileStatus(p).isDirectory()) {
            if (fs.exists(new Path(p, "metadata"))) {
                return XnorNetClassificationModel.read().session(spark).load(path);
            }
            if (!fs.exists(new Path(p, RunFolder.MODEL_PATH))) {
                throw new CheckpointException("model " + path + " is a folder with neither metadata/ (a saved Spark ML "
                        + "model) nor " + RunFolder.MODEL_PATH + " (a run folder)");
            }
            p = new Path(p, RunFolder.MODEL_PATH);
        }
        Path file = p;
        Checkpoint c;
        try (InputStream in = fs.open(file)) {
            c = Checkpoint.read(in, file.toString());
        }
        String folder = file.getParent().toString();
        Map<String, String> recorded = RunFolder.recordedKeys(folder, conf).orElseThrow(() -> new CheckpointException(
                file + " has no " + RunFolder.RUN_FILE + " beside it, so its preprocessing (image-size, eval-resize, mean, "
                + "std) is unknown; score the model in its run folder"));
        Settings prep = new Settings("score", List.of(DataKeys.IMAGES));
        String source = new Path(folder, RunFolder.RUN_FILE).toString();
        for (Key<?> k : PREPROCESSING) {
            if (!recorded.containsKey(k.name())) {
                throw new CheckpointException(source + " records no key '" + k.name() + "': the run did not train on "
                        + "an image dataset (train-local reads IDX files), so its image preprocessing is unknown");
            }
            prep.set(k.name(), recorded.get(k.name()), source);
        }
        XnorNetClassificationModel m = new XnorNetClassificationModel(c);
        m.setKey(DataKeys.IMAGE_SIZE, prep.get(DataKeys.IMAGE_SIZE)).setKey(DataKeys.EVAL_RESIZE,
                prep.get(DataKeys.EVAL_RESIZE)).setKey(DataKeys.MEAN, prep.get(DataKeys.MEAN))
                .setKey(DataKeys.STD, prep.get(DataKeys.STD));
        return m;
    }
}
