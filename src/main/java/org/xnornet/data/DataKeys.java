package org.xnornet.data;

import java.util.List;
import java.util.Locale;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.ValueType;

/** Keys of the data path: sampling shared by convert and training, and how training reads image datasets. */
public final class DataKeys {
    private DataKeys() {
    }

    public static final Key<Long> SEED = Key.run("seed", ValueType.longInteger(), "0",
            "seed of the data order: convert's row shuffle, training's sample order and augmentation (the model's "
            + "initialisation seed is in its spec)");
    public static final Key<Integer> TRAIN_LIMIT = Key.run("train-limit", ValueType.integer(0, Integer.MAX_VALUE), "0",
            "use at most this many training images (0: all)");
    public static final Key<Double> MAX_BAD_FRACTION = Key.operational("max-bad-fraction", ValueType.real(0, false, 1),
            "0.001", "largest tolerated fraction of undecodable images in a split: convert writes nothing and "
            + "training stops beyond it");

    public static final Key<String> TRAIN_SPLIT = Key.run("train-split", ValueType.text("NAME"), "train",
            "split to train on");
    public static final Key<String> VAL_SPLIT = Key.operational("val-split", ValueType.text("NAME"), "val",
            "split to evaluate each epoch on; 'none' skips evaluation");
    public static final Key<Integer> CLASSES = Key.run("classes", ValueType.integer(0, Integer.MAX_VALUE), "0",
            "class count for datasets without a manifest (0: from the manifest or label statistics)");
    public static final Key<Integer> IMAGE_SIZE = Key.run("image-size", ValueType.integer(0, 65536), "0",
            "training/evaluation crop size (0: the model's input size)");
    public static final Key<Integer> EVAL_RESIZE = Key.run("eval-resize", ValueType.integer(0, 65536), "0",
            "evaluation: shorter side before the centre crop (0: image-size/0.875, or image-size when ≤ 64)");
    public static final Key<Double> MIN_CROP = Key.run("min-crop", ValueType.real(0, true, 1), "0.08",
            "smallest RandomResizedCrop area fraction (0.08 for ImageNet; milder, e.g. 0.5, for small images)");
    public static final Key<String> MEAN = Key.run("mean", channelStats(false), "imagenet",
            "per-channel mean on [0,1]: 'imagenet' or comma-separated values");
    public static final Key<String> STD = Key.run("std", channelStats(true), "imagenet",
            "per-channel std on [0,1]: 'imagenet' or comma-separated values > 0");
    public static final Key<String> CACHE = Key.operational("cache", ValueType.choice("none", "encoded", "decoded"),
            "none", "keep row groups in executor memory: none, encoded or decoded");
    public static final Key<Integer> SHUFFLE_WINDOW = Key.run("shuffle-window", ValueType.integer(1, 1 << 20), "4",
            "row groups shuffled together (memory: one window of encoded images)");

    public static final KeyGroup ORDER = new KeyGroup("data order", List.of(SEED));
    public static final KeyGroup BAD_IMAGES = new KeyGroup("bad images", List.of(MAX_BAD_FRACTION));
    public static final KeyGroup LIMIT = new KeyGroup("data limit", List.of(TRAIN_LIMIT));
    /** How evaluation prepares images (export records them in a packed model). */
    public static final KeyGroup EVAL_IMAGES = new KeyGroup("evaluation images", List.of(IMAGE_SIZE, EVAL_RESIZE,
            MEAN, STD));
    public static final KeyGroup IMAGES = new KeyGroup("image datasets", List.of(TRAIN_SPLIT, VAL_SPLIT, CLASSES,
            IMAGE_SIZE, EVAL_RESIZE, MIN_CROP, MEAN, STD, CACHE, SHUFFLE_WINDOW));

    /** 'imagenet' or comma-separated finite numbers (each > 0 when {@code positive}). */
    private static ValueType<String> channelStats(boolean positive) {
        return ValueType.of("'imagenet' or comma-separated numbers" + (positive ? " > 0" : ""), "imagenet|X,X,X", s -> {
            String v = s.toLowerCase(Locale.ROOT);
            if (!v.equals("imagenet")) {
                for (float f : floats(v)) {
                    if (!Float.isFinite(f) || (positive && f <= 0)) {
                        throw new IllegalArgumentException();
                    }
                }
            }
            return v;
        });
    }

    /** The values of a comma-separated list (as {@link #MEAN} and {@link #STD} accept them). */
    public static float[] floats(String list) {
        String[] parts = list.split(",", -1);
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = new java.math.BigDecimal(parts[i].trim()).floatValue();
        }
        return out;
    }
}
