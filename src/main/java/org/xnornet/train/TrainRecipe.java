package org.xnornet.train;

import org.xnornet.config.CommonKeys;
import org.xnornet.config.Settings;
import org.xnornet.data.DataKeys;
import org.xnornet.data.image.ImageTransform;
import org.xnornet.model.ModelSpec;
import org.xnornet.optim.Adam;
import org.xnornet.optim.LrSchedule;
import org.xnornet.optim.Optimizer;
import org.xnornet.optim.Sgd;

/**
 * The one place where a run's keys become engine objects — model spec, optimiser, schedule, image transforms,
 * a worker's recipe, the local trainer's configuration — the same way for {@code train-local}, the Spark driver and
 * every executor (settings travel; these objects are rebuilt from them).
 */
public final class TrainRecipe {
    private TrainRecipe() {
    }

    public static ModelSpec spec(Settings s) {
        return ModelSpec.parse(s.get(TrainKeys.MODEL));
    }

    public static Optimizer optimizer(Settings s) {
        float wd = s.get(TrainKeys.WEIGHT_DECAY).floatValue();
        boolean clip = s.get(TrainKeys.CLIP_SHADOW);
        return s.get(TrainKeys.OPTIMIZER).equals("adam") ? new Adam(0.9f, 0.999f, 1e-8f, wd, clip)
                : new Sgd(s.get(TrainKeys.MOMENTUM).floatValue(), s.get(TrainKeys.NESTEROV), wd, clip);
    }

    /** The schedule over {@code totalSteps} iterations, behind the configured warm-up. */
    public static LrSchedule schedule(Settings s, int totalSteps) {
        int warmup = s.get(TrainKeys.WARMUP);
        return LrSchedule.parse(s.get(TrainKeys.SCHEDULE) + (warmup > 0 ? "+warmup:" + warmup : ""),
                s.get(TrainKeys.LR).floatValue(), Math.max(1, totalSteps));
    }

    /** Iterations of a run with {@code perEpoch} batches per epoch: all epochs, or max-iterations if fewer. */
    public static int totalSteps(Settings s, int perEpoch) {
        long total = (long) perEpoch * s.get(TrainKeys.EPOCHS);
        int max = s.get(TrainKeys.MAX_ITERATIONS);
        return (int) Math.min(max > 0 ? Math.min(total, max) : total, Integer.MAX_VALUE);
    }

    /** The batch-norm sub-batch: the ghost batch, or the whole batch; fails naming the key unless it divides. */
    public static int ghostBatch(Settings s) {
        int batch = s.get(TrainKeys.BATCH);
        int ghost = s.get(TrainKeys.GHOST_BATCH) == 0 ? batch : s.get(TrainKeys.GHOST_BATCH);
        s.require(batch % ghost == 0, TrainKeys.GHOST_BATCH, "must divide the batch " + batch);
        return ghost;
    }

    /** The local trainer's configuration for a run of {@code perEpoch} batches per epoch. */
    public static TrainingConfig localConfig(Settings s, int perEpoch) {
        int ghost = ghostBatch(s);
        return new TrainingConfig(s.get(TrainKeys.BATCH), ghost == s.get(TrainKeys.BATCH) ? 0 : ghost,
                s.get(TrainKeys.EPOCHS), s.get(TrainKeys.MAX_ITERATIONS), optimizer(s),
                schedule(s, totalSteps(s, perEpoch)), s.get(TrainKeys.LABEL_SMOOTHING).floatValue(),
                s.get(DataKeys.SEED), s.get(TrainKeys.EVAL_BATCH));
    }

    /** A Spark worker's recipe: the same optimiser, schedule and transforms as a local run. */
    public static PartitionWorker.Recipe workerRecipe(Settings s, int batch, int period, int stepsPerEpoch,
            int totalSteps) {
        ModelSpec spec = spec(s);
        return new PartitionWorker.Recipe(spec, optimizer(s), schedule(s, totalSteps),
                s.get(TrainKeys.LABEL_SMOOTHING).floatValue(), batch, ghostBatch(s), period, stepsPerEpoch,
                trainTransform(s, spec));
    }

    public static int imageSize(Settings s, ModelSpec spec) {
        int size = s.get(DataKeys.IMAGE_SIZE) == 0 ? spec.height() : s.get(DataKeys.IMAGE_SIZE);
        s.require(size == spec.height() && size == spec.width(), DataKeys.IMAGE_SIZE,
                "must match the model's input " + spec.height() + "×" + spec.width());
        return size;
    }

    public static ImageTransform trainTransform(Settings s, ModelSpec spec) {
        return ImageTransform.train(imageSize(s, spec), spec.channels(), stat(s, DataKeys.MEAN, spec.channels()),
                stat(s, DataKeys.STD, spec.channels()), s.get(DataKeys.MIN_CROP));
    }

    public static ImageTransform evalTransform(Settings s, ModelSpec spec) {
        int size = imageSize(s, spec);
        int resize = s.get(DataKeys.EVAL_RESIZE) > 0 ? s.get(DataKeys.EVAL_RESIZE)
                : size <= 64 ? size : (int) Math.round(size / 0.875);
        s.require(resize >= size, DataKeys.EVAL_RESIZE, "must be at least the crop size " + size);
        return ImageTransform.eval(resize, size, spec.channels(), stat(s, DataKeys.MEAN, spec.channels()),
                stat(s, DataKeys.STD, spec.channels()));
    }

    /** 'imagenet' (averaged to one value for gray models) or one value per channel. */
    public static float[] stat(Settings s, org.xnornet.config.Key<String> key, int channels) {
        String v = s.get(key);
        if (v.equals("imagenet")) {
            float[] rgb = key == DataKeys.MEAN ? ImageTransform.imagenetMean() : ImageTransform.imagenetStd();
            return channels == 3 ? rgb : new float[] {(rgb[0] + rgb[1] + rgb[2]) / 3};
        }
        float[] out = DataKeys.floats(v);
        s.require(out.length == channels, key, "must be 'imagenet' or " + channels + " comma-separated numbers, one "
                + "per channel of the model");
        return out;
    }

    /** Checks every key combination that needs no data: spec, ghost batch, transforms, schedule, resume. */
    public static void validate(Settings s) {
        s.require(!s.get(TrainKeys.RESUME) || !s.get(CommonKeys.OUT).isEmpty(), TrainKeys.RESUME,
                "needs key 'out', the run folder to continue");
        ModelSpec spec = spec(s);
        ghostBatch(s);
        if (s.has(DataKeys.MEAN)) {
            trainTransform(s, spec);
            evalTransform(s, spec);
        }
        schedule(s, 1000);
    }
}
