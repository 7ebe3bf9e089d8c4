package org.xnornet.spark;

import java.util.Arrays;
import org.xnornet.data.image.ImageTransform;
import org.xnornet.model.ModelSpec;
import org.xnornet.optim.Adam;
import org.xnornet.optim.LrSchedule;
import org.xnornet.optim.Optimizer;
import org.xnornet.optim.Sgd;
import org.xnornet.train.PartitionWorker;

/**
 * Builds the engine objects of a run from its {@link TrainSettings}, the same way on the driver and on every
 * executor (settings travel; optimisers, schedules and transforms are rebuilt).
 */
final class TrainRecipes {
    private TrainRecipes() {
    }

    static ModelSpec spec(TrainSettings s) {
        try {
            return ModelSpec.parse(s.get(TrainKey.MODEL));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key 'model' (" + s.source(TrainKey.MODEL) + "): " + e.getMessage(), e);
        }
    }

    static Optimizer optimizer(TrainSettings s) {
        float wd = (float) s.getDouble(TrainKey.WEIGHT_DECAY);
        boolean clip = s.getBoolean(TrainKey.CLIP_SHADOW);
        return s.lower(TrainKey.OPTIMIZER).equals("adam") ? new Adam(0.9f, 0.999f, 1e-8f, wd, clip)
                : new Sgd((float) s.getDouble(TrainKey.MOMENTUM), s.getBoolean(TrainKey.NESTEROV), wd, clip);
    }

    static LrSchedule schedule(TrainSettings s, int totalSteps) {
        String spec = s.get(TrainKey.SCHEDULE) + (s.getInt(TrainKey.WARMUP) > 0 ? "+warmup:" + s.getInt(TrainKey.WARMUP)
                : "");
        try {
            return LrSchedule.parse(spec, (float) s.getDouble(TrainKey.LR), Math.max(1, totalSteps));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key 'schedule' (" + s.source(TrainKey.SCHEDULE) + "): " + e.getMessage(),
                    e);
        }
    }

    static int imageSize(TrainSettings s, ModelSpec spec) {
        int size = s.getInt(TrainKey.IMAGE_SIZE) == 0 ? spec.height() : s.getInt(TrainKey.IMAGE_SIZE);
        s.require(size == spec.height() && size == spec.width(), TrainKey.IMAGE_SIZE,
                "must match the model's input " + spec.height() + "×" + spec.width());
        return size;
    }

    static ImageTransform trainTransform(TrainSettings s, ModelSpec spec) {
        return ImageTransform.train(imageSize(s, spec), spec.channels(), stat(s, TrainKey.MEAN, spec.channels()),
                stat(s, TrainKey.STD, spec.channels()), s.getDouble(TrainKey.MIN_CROP));
    }

    static ImageTransform evalTransform(TrainSettings s, ModelSpec spec) {
        int size = imageSize(s, spec);
        int resize = s.getInt(TrainKey.RESIZE) > 0 ? s.getInt(TrainKey.RESIZE)
                : size <= 64 ? size : (int) Math.round(size / 0.875);
        s.require(resize >= size, TrainKey.RESIZE, "must be at least the crop size " + size);
        return ImageTransform.eval(resize, size, spec.channels(), stat(s, TrainKey.MEAN, spec.channels()),
                stat(s, TrainKey.STD, spec.channels()));
    }

    /** 'imagenet' (averaged to one value for gray models) or comma-separated values, one per channel. */
    static float[] stat(TrainSettings s, TrainKey key, int channels) {
        String v = s.lower(key);
        if (v.equals("imagenet")) {
            float[] rgb = key == TrainKey.MEAN ? ImageTransform.imagenetMean() : ImageTransform.imagenetStd();
            return channels == 3 ? rgb : new float[] {(rgb[0] + rgb[1] + rgb[2]) / 3};
        }
        float[] out;
        try {
            String[] parts = v.split(",");
            out = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                out[i] = Float.parseFloat(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            out = new float[0];
        }
        s.require(out.length == channels && (key == TrainKey.MEAN || Arrays.toString(out).indexOf('-') < 0),
                key, "must be 'imagenet' or " + channels + " comma-separated numbers (std > 0)");
        return out;
    }

    static PartitionWorker.Recipe recipe(TrainSettings s, int stepsPerEpoch, int totalSteps) {
        ModelSpec spec = spec(s);
        int batch = s.getInt(TrainKey.BATCH);
        int ghost = s.getInt(TrainKey.GHOST_BATCH) == 0 ? batch : s.getInt(TrainKey.GHOST_BATCH);
        s.require(batch % ghost == 0, TrainKey.GHOST_BATCH, "must divide the batch " + batch);
        return new PartitionWorker.Recipe(spec, optimizer(s), schedule(s, totalSteps),
                (float) s.getDouble(TrainKey.LABEL_SMOOTHING), batch, ghost, s.getInt(TrainKey.AVERAGE_EVERY),
                stepsPerEpoch, trainTransform(s, spec));
    }
}
