package org.xnornet.spark.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.data.DataKeys;
import org.xnornet.spark.ScoreKeys;
import org.xnornet.spark.SparkKeys;
import org.xnornet.train.Checkpoint;
import org.xnornet.train.TrainKeys;

/**
 * Spark ML {@code Estimator} of a binary network: {@code fit} runs the distributed trainer ({@link FitJob}) on a
 * DataFrame of encoded images and labels (our layout's columns or Hugging Face's image struct) and returns an
 * {@link XnorNetClassificationModel}. Its params are the training keys (train, data and distributed-training groups,
 * {@code fit-dir} and the model's {@code top-k}), each with its key's doc, default and validator, named in camelCase
 * ({@code max-iterations} → {@code maxIterations}); plus Spark ML's column params and the class ids and names.
 */
public final class XnorNetClassifier extends Estimator<XnorNetClassificationModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    /** The keys the estimator takes as params: training's, less those fit decides (data, splits, classes). */
    static final List<Key<?>> KEYS = KeyParams.keys(List.of(TrainKeys.TRAINING, DataKeys.ORDER, DataKeys.BAD_IMAGES,
            DataKeys.IMAGES, SparkKeys.TRAINING, ScoreKeys.FIT, new KeyGroup("top-k", List.of(ScoreKeys.TOP_K))),
            TrainKeys.DATA, DataKeys.TRAIN_SPLIT, DataKeys.VAL_SPLIT, DataKeys.CLASSES);

    private final String uid;
    final ColumnParams columns;
    final Param<String> labelCol;
    final KeyParams keys;

    public XnorNetClassifier(String uid) {
        this.uid = uid;
        this.columns = new ColumnParams(this);
        this.labelCol = new Param<>(uid, "labelCol", "column of labels 0..classes-1 (integer)");
        this.keys = new KeyParams(uid, KEYS);
        columns.setDefaults(this);
        setDefault(labelCol, "label");
        keys.setDefaults(this);
    }

    public XnorNetClassifier() {
        this(Identifiable$.MODULE$.randomUID("xnornet"));
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Param<?>[] params() {
        List<Param<?>> all = new ArrayList<>(Arrays.asList(columns.params()));
        all.add(labelCol);
        all.addAll(Arrays.asList(keys.params()));
        return all.toArray(Param<?>[]::new);
    }

    /** The param of one of {@link #KEYS} (e.g. {@code param(TrainKeys.WARMUP)}). */
    public <T> Param<T> param(Key<T> key) {
        return keys.of(key);
    }

    /** Sets the param of {@code key} to {@code value}; the key's validator checks it. */
    public <T> XnorNetClassifier setKey(Key<T> key, T value) {
        return (XnorNetClassifier) set(keys.of(key), value);
    }

    public XnorNetClassifier setModel(String spec) {
        return setKey(TrainKeys.MODEL, spec);
    }

    public XnorNetClassifier setEpochs(int n) {
        return setKey(TrainKeys.EPOCHS, n);
    }

    public XnorNetClassifier setMaxIterations(int n) {
        return setKey(TrainKeys.MAX_ITERATIONS, n);
    }

    public XnorNetClassifier setBatch(int n) {
        return setKey(TrainKeys.BATCH, n);
    }

    public XnorNetClassifier setLr(double lr) {
        return setKey(TrainKeys.LR, lr);
    }

    public XnorNetClassifier setOptimizer(String name) {
        return setKey(TrainKeys.OPTIMIZER, name);
    }

    public XnorNetClassifier setSeed(long seed) {
        return setKey(DataKeys.SEED, seed);
    }

    public XnorNetClassifier setImageSize(int size) {
        return setKey(DataKeys.IMAGE_SIZE, size);
    }

    public XnorNetClassifier setEvalResize(int size) {
        return setKey(DataKeys.EVAL_RESIZE, size);
    }

    public XnorNetClassifier setMean(String mean) {
        return setKey(DataKeys.MEAN, mean);
    }

    public XnorNetClassifier setStd(String std) {
        return setKey(DataKeys.STD, std);
    }

    public XnorNetClassifier setPartitions(int n) {
        return setKey(SparkKeys.PARTITIONS, n);
    }

    public XnorNetClassifier setTopK(int k) {
        return setKey(ScoreKeys.TOP_K, k);
    }

    public XnorNetClassifier setInputCol(String v) {
        return (XnorNetClassifier) set(columns.inputCol, v);
    }

    public XnorNetClassifier setLabelCol(String v) {
        return (XnorNetClassifier) set(labelCol, v);
    }

    public XnorNetClassifier setClassIds(String[] v) {
        return (XnorNetClassifier) set(columns.classIds, v);
    }

    public XnorNetClassifier setClassNames(String[] v) {
        return (XnorNetClassifier) set(columns.classNames, v);
    }

    @Override
    public XnorNetClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Checkpoint c = FitJob.train(this, dataset);
        XnorNetClassificationModel m = copyValues(new XnorNetClassificationModel(uid, c),
                ParamMap.empty());
        return m.setParent(this);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        ImageColumn.resolve(schema, $(columns.inputCol));
        if (!Arrays.asList(schema.fieldNames()).contains($(labelCol))) {
            throw new IllegalArgumentException("label column '" + $(labelCol) + "' is not in the DataFrame (columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        return columns.output(this, schema);
    }

    @Override
    public XnorNetClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                ParamsFiles.save(XnorNetClassifier.this, path, sparkSession());
            }
        };
    }

    public static MLReader<XnorNetClassifier> read() {
        return new MLReader<>() {
            @Override
            public XnorNetClassifier load(String path) {
                DefaultParamsReader.Metadata md = ParamsFiles.load(path, sparkSession(), XnorNetClassifier.class);
                XnorNetClassifier e = new XnorNetClassifier(md.uid());
                ParamsFiles.apply(md, e);
                return e;
            }
        };
    }

    public static XnorNetClassifier load(String path) {
        return read().load(path);
    }
}
