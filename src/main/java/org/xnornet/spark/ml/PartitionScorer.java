package org.xnornet.spark.ml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.xnornet.config.Settings;
import org.xnornet.data.image.BadImageException;
import org.xnornet.data.parquet.ImageDataException;
import org.xnornet.model.Network;
import org.xnornet.train.Checkpoint;
import org.xnornet.train.EncodedImageScorer;
import org.xnornet.train.TrainRecipe;

/**
 * One partition's scoring: the model's checkpoint (a broadcast) becomes one {@link EncodedImageScorer} per task,
 * which scores the rows in batches; each output row is the input row followed by prediction, probability,
 * rawPrediction and topK. An image that does not decode fails the task with an {@link ImageDataException} naming it:
 * a row is never dropped or given a made-up prediction.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> checkpoint;
    private final Settings preprocessing;
    private final ImageColumn column;
    private final int batch;
    private final int topK;
    private final String[] classIds;
    private final String[] classNames;

    PartitionScorer(Broadcast<byte[]> checkpoint, Settings preprocessing, ImageColumn column, int batch, int topK,
            String[] classIds, String[] classNames) {
        this.checkpoint = checkpoint;
        this.preprocessing = preprocessing;
        this.column = column;
        this.batch = batch;
        this.topK = topK;
        this.classIds = classIds;
        this.classNames = classNames;
    }

    /** The scorer of a model's checkpoint bytes and preprocessing settings. */
    static EncodedImageScorer scorer(byte[] bytes, Settings preprocessing) {
        try {
            Checkpoint c = Checkpoint.read(new ByteArrayInputStream(bytes), "the model's checkpoint");
            Network net = EncodedImageScorer.network(c, "the model's checkpoint");
            return new EncodedImageScorer(net, TrainRecipe.evalTransform(preprocessing, net.spec()));
        } catch (IOException e) {
            throw new ImageDataException(e.getMessage(), e);
        }
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        EncodedImageScorer scorer = scorer(checkpoint.value(), preprocessing);
        int partition = TaskContext.get() == null ? 0 : TaskContext.get().partitionId();
        return new Iterator<>() {
            private final List<Row> out = new ArrayList<>();
            private int next;
            private long seen;

            @Override
            public boolean hasNext() {
                if (next < out.size()) {
                    return true;
                }
                out.clear();
                next = 0;
                List<Row> in = new ArrayList<>();
                List<byte[]> images = new ArrayList<>();
                List<String> names = new ArrayList<>();
                while (in.size() < batch && rows.hasNext()) {
                    Row r = rows.next();
                    String name = column.describe(r, partition, seen++);
                    byte[] b = column.bytes(r);
                    if (b == null) {
                        throw new ImageDataException(name + ": the image is null");
                    }
                    in.add(r);
                    images.add(b);
                    names.add(name);
                }
                if (in.isEmpty()) {
                    return false;
                }
                List<EncodedImageScorer.Scored> scored;
                try {
                    scored = scorer.score(images, names);
                } catch (BadImageException e) {
                    throw new ImageDataException(e.getMessage(), e);
                }
                for (int i = 0; i < in.size(); i++) {
                    out.add(row(in.get(i), scored.get(i)));
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return out.get(next++);
            }
        };
    }

    private Row row(Row in, EncodedImageScorer.Scored s) {
        int n = in.size();
        Object[] v = new Object[n + 4];
        for (int i = 0; i < n; i++) {
            v[i] = in.get(i);
        }
        double[] logits = new double[s.logits().length];
        for (int k = 0; k < logits.length; k++) {
            logits[k] = s.logits()[k];
        }
        int k = Math.min(topK, s.ranking().length);
        Row[] top = new Row[k];
        for (int j = 0; j < k; j++) {
            int label = s.ranking()[j];
            top[j] = RowFactory.create(label, classIds.length > label ? classIds[label] : Integer.toString(label),
                    classNames.length > label ? classNames[label] : null, s.probabilities()[label]);
        }
        v[n] = (double) s.top1();
        v[n + 1] = Vectors.dense(s.probabilities());
        v[n + 2] = Vectors.dense(logits);
        v[n + 3] = top;
        return RowFactory.create(v);
    }
}
