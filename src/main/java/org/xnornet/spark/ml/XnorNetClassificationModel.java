package org.xnornet.spark.ml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.xnornet.config.Key;
import org.xnornet.config.Settings;
import org.xnornet.data.DataKeys;
import org.xnornet.model.ModelSpec;
import org.xnornet.spark.ScoreKeys;
import org.xnornet.train.Checkpoint;
import org.xnornet.train.CheckpointStore;
import org.xnornet.train.TrainKeys;
import org.xnornet.train.TrainRecipe;

/**
 * A trained XNOR-Net as a Spark ML {@code Model}: the network as a model-only {@link Checkpoint} (model.xnc's format),
 * its evaluation preprocessing (image size, eval resize, mean, std: the training keys' params) and its classes.
 * {@code transform} scores a DataFrame of encoded images (our layout's binary column or Hugging Face's image
 * struct) with the packed network, one per task, in batches of {@code evalBatch}, adding {@code prediction},
 * {@code probability}, {@code rawPrediction} and {@code topK}. Saved as Spark ML metadata plus {@code model.xnc}.
 */
public final class XnorNetClassificationModel extends Model<XnorNetClassificationModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    static final String CHECKPOINT_FILE = "model.xnc";
    /** The keys a model carries as params: its preprocessing, its scoring batch and top-k. */
    static final List<Key<?>> KEYS = List.of(DataKeys.IMAGE_SIZE, DataKeys.EVAL_RESIZE, DataKeys.MEAN, DataKeys.STD,
            TrainKeys.EVAL_BATCH, ScoreKeys.TOP_K);

    private final String uid;
    private final byte[] checkpoint;
    private final String spec; // its text: the model stays Serializable, as Spark ML stages are
    final ColumnParams columns;
    final KeyParams keys;
    private transient Broadcast<byte[]> shared;
    private transient SparkContext sharedBy;

    /** A model of {@code checkpoint}'s network (model-only or a whole training state) with default params. */
    public XnorNetClassificationModel(String uid, Checkpoint checkpoint) {
        this.uid = uid;
        this.checkpoint = bytes(checkpoint);
        this.spec = checkpoint.modelSpec().toString();
        this.columns = new ColumnParams(this);
        this.keys = new KeyParams(uid, KEYS);
        columns.setDefaults(this);
        keys.setDefaults(this);
    }

    public XnorNetClassificationModel(Checkpoint checkpoint) {
        this(Identifiable$.MODULE$.randomUID("xnornetModel"), checkpoint);
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Param<?>[] params() {
        List<Param<?>> all = new ArrayList<>(Arrays.asList(columns.params()));
        all.addAll(Arrays.asList(keys.params()));
        return all.toArray(Param<?>[]::new);
    }

    /** The param of one of {@link #KEYS} (e.g. {@code param(ScoreKeys.TOP_K)}). */
    public <T> Param<T> param(Key<T> key) {
        return keys.of(key);
    }

    public ModelSpec spec() {
        return ModelSpec.parse(spec);
    }

    /** The network's checkpoint, as saved. */
    public Checkpoint checkpoint() {
        try {
            return Checkpoint.read(new ByteArrayInputStream(checkpoint), "model " + uid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public XnorNetClassificationModel setInputCol(String v) {
        return (XnorNetClassificationModel) set(columns.inputCol, v);
    }

    public XnorNetClassificationModel setPredictionCol(String v) {
        return (XnorNetClassificationModel) set(columns.predictionCol, v);
    }

    public XnorNetClassificationModel setTopKCol(String v) {
        return (XnorNetClassificationModel) set(columns.topKCol, v);
    }

    public XnorNetClassificationModel setClassIds(String[] v) {
        return (XnorNetClassificationModel) set(columns.classIds, v);
    }

    public XnorNetClassificationModel setClassNames(String[] v) {
        return (XnorNetClassificationModel) set(columns.classNames, v);
    }

    /** Sets the param of key {@code key} (one of {@link #KEYS}) to {@code value}, checked by the key. */
    public <T> XnorNetClassificationModel setKey(Key<T> key, T value) {
        return (XnorNetClassificationModel) set(keys.of(key), value);
    }

    public XnorNetClassificationModel setTopK(int k) {
        return setKey(ScoreKeys.TOP_K, k);
    }

    public String getInputCol() {
        return $(columns.inputCol);
    }

    public String[] getClassIds() {
        return $(columns.classIds);
    }

    public String[] getClassNames() {
        return $(columns.classNames);
    }

    /** The evaluation preprocessing settings (image-size, eval-resize, mean, std) of this model's params. */
    Settings preprocessing() {
        Settings s = new Settings("score", List.of(DataKeys.IMAGES));
        keys.copyInto(this, s, false);
        TrainRecipe.evalTransform(s, spec());
        return s;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        ImageColumn.resolve(schema, $(columns.inputCol));
        String[] ids = $(columns.classIds);
        if (ids.length != 0 && ids.length != spec().classes()) {
            throw new IllegalArgumentException("param classIds has " + ids.length + " entries but the model has "
                    + spec().classes() + " classes");
        }
        return columns.output(this, schema);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        ImageColumn column = ImageColumn.resolve(dataset.schema(), $(columns.inputCol));
        String[] names = $(columns.classNames);
        if (names.length != 0 && names.length != spec().classes()) {
            throw new IllegalArgumentException("param classNames has " + names.length + " entries but the model has "
                    + spec().classes() + " classes");
        }
        PartitionScorer scorer = new PartitionScorer(broadcast(dataset), preprocessing(), column,
                (Integer) $(keys.of(TrainKeys.EVAL_BATCH)), (Integer) $(keys.of(ScoreKeys.TOP_K)),
                $(columns.classIds), names);
        return dataset.toDF().mapPartitions(scorer, Encoders.row(out));
    }

    /** The checkpoint broadcast once per SparkContext (a model may outlive a session, as after a load). */
    private synchronized Broadcast<byte[]> broadcast(Dataset<?> dataset) {
        SparkContext sc = dataset.sparkSession().sparkContext();
        if (shared == null || sharedBy != sc) {
            shared = JavaSparkContext.fromSparkContext(sc).broadcast(checkpoint);
            sharedBy = sc;
        }
        return shared;
    }

    @Override
    public XnorNetClassificationModel copy(ParamMap extra) {
        XnorNetClassificationModel copy = copyValues(new XnorNetClassificationModel(uid, checkpoint()), extra);
        return copy.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                ParamsFiles.save(XnorNetClassificationModel.this, path, sparkSession());
                Path target = new Path(path, CHECKPOINT_FILE);
                try {
                    FileSystem fs = target.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
                    CheckpointStore.writeAtomically(fs, target, checkpoint());
                } catch (IOException e) {
                    throw new UncheckedIOException("could not write " + target, e);
                }
            }
        };
    }

    public static MLReader<XnorNetClassificationModel> read() {
        return new MLReader<>() {
            @Override
            public XnorNetClassificationModel load(String path) {
                DefaultParamsReader.Metadata md = ParamsFiles.load(path, sparkSession(),
                        XnorNetClassificationModel.class);
                Path file = new Path(path, CHECKPOINT_FILE);
                Checkpoint c;
                try (InputStream in = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration())
                        .open(file)) {
                    c = Checkpoint.read(in, file.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                XnorNetClassificationModel m = new XnorNetClassificationModel(md.uid(), c);
                ParamsFiles.apply(md, m);
                return m;
            }
        };
    }

    public static XnorNetClassificationModel load(String path) {
        return read().load(path);
    }

    private static byte[] bytes(Checkpoint c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            c.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
