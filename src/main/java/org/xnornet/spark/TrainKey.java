package org.xnornet.spark;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Every key of the {@code train} job: its name (also the CLI option {@code --name} and the Spark property
 * {@code spark.xnornet.name}), default, check and documentation. conf/xnornet-train.properties documents the same
 * keys with the same defaults (a test keeps them equal).
 */
public enum TrainKey {
    DATA("data", "", Kind.TEXT, "Parquet image dataset: a folder with manifest.json, or Hugging Face files (any Hadoop path)"),
    TRAIN_SPLIT("train-split", "train", Kind.TEXT, "split to train on"),
    VAL_SPLIT("val-split", "val", Kind.TEXT, "split to evaluate each epoch on; 'none' skips evaluation"),
    CLASSES("classes", "0", Kind.NON_NEGATIVE, "class count for datasets without a manifest (0: from the manifest or label statistics)"),
    MODEL("model", "arch=small_resnet", Kind.TEXT, "ModelSpec, e.g. arch=resnet18,classes=1000,scaling=gamma2"),
    PARTITIONS("partitions", "0", Kind.NON_NEGATIVE, "workers P, each one partition (0: the cluster's task slots)"),
    BATCH("batch", "32", Kind.POSITIVE, "minibatch per partition b (the global batch is P·b)"),
    GHOST_BATCH("ghost-batch", "0", Kind.NON_NEGATIVE, "batch-norm statistics per sub-batch of this many images (0: the partition batch)"),
    EPOCHS("epochs", "1", Kind.POSITIVE, "passes over the training split"),
    MAX_ITERATIONS("max-iterations", "0", Kind.NON_NEGATIVE, "stop after this many iterations (0: run all epochs)"),
    AVERAGE_EVERY("average-every", "1", Kind.POSITIVE, "local steps between averages k (1: synchronous every iteration)"),
    EXCHANGE("exchange", "state", Kind.choice("state", "gradients"), "what workers return: their whole state, averaged (the design's default), or gradients and BN statistics, averaged and applied by the driver's optimiser (half the bytes back; exact for Adam and clipping too; needs average-every 1)"),
    TRANSPORT("transport", "spark", Kind.choice("spark", "direct"), "how vectors travel: spark (a broadcast out, a tree aggregation back: scales to many executors, uses Spark's authentication and encryption) or direct (one TCP connection per task to the driver, summed as they arrive: several times cheaper on small clusters, token-checked but unencrypted)"),
    DIRECT_PORT("direct-port", "0", Kind.NON_NEGATIVE, "driver port of transport=direct (0: any free port)"),
    OPTIMIZER("optimizer", "sgd", Kind.choice("sgd", "adam"), "optimiser"),
    LR("lr", "0.1", Kind.POSITIVE_NUMBER, "base learning rate"),
    MOMENTUM("momentum", "0.9", Kind.UNIT, "SGD momentum"),
    NESTEROV("nesterov", "false", Kind.BOOLEAN, "Nesterov momentum"),
    WEIGHT_DECAY("weight-decay", "0.0001", Kind.NON_NEGATIVE_NUMBER, "decoupled weight decay (never on Γ, BN, biases, PReLU)"),
    SCHEDULE("schedule", "cosine", Kind.TEXT, "constant, step:<every>:<gamma>, multistep:<m1>;<m2>:<gamma> or cosine, in iterations"),
    WARMUP("warmup", "0", Kind.NON_NEGATIVE, "linear warm-up iterations"),
    LABEL_SMOOTHING("label-smoothing", "0", Kind.UNIT, "label smoothing of the cross-entropy"),
    CLIP_SHADOW("clip-shadow", "false", Kind.BOOLEAN, "clip shadow weights to [-1, 1] after each step"),
    SEED("seed", "0", Kind.INTEGER, "seed of the data order and augmentation (the model's seed is in its spec)"),
    IMAGE_SIZE("image-size", "0", Kind.NON_NEGATIVE, "training/evaluation crop size (0: the model's input size)"),
    RESIZE("resize", "0", Kind.NON_NEGATIVE, "evaluation: shorter side before the centre crop (0: image-size/0.875, or image-size when ≤ 64)"),
    MIN_CROP("min-crop", "0.08", Kind.UNIT_OPEN, "smallest RandomResizedCrop area fraction (0.08 for ImageNet; milder, e.g. 0.5, for small images)"),
    MEAN("mean", "imagenet", Kind.TEXT, "per-channel mean on [0,1]: 'imagenet' or comma-separated values"),
    STD("std", "imagenet", Kind.TEXT, "per-channel std on [0,1]: 'imagenet' or comma-separated values"),
    CACHE("cache", "none", Kind.choice("none", "encoded", "decoded"), "keep row groups in executor memory: none, encoded or decoded"),
    SHUFFLE_WINDOW("shuffle-window", "4", Kind.POSITIVE, "row groups shuffled together (memory: one window of encoded images)"),
    MAX_BAD_FRACTION("max-bad-fraction", "0.001", Kind.UNIT, "stop when undecodable images pass this fraction of the split"),
    OUT("out", "", Kind.TEXT, "folder (any Hadoop path) for checkpoints, metrics.jsonl and the final model; empty: none"),
    CHECKPOINT_EVERY("checkpoint-every", "0", Kind.NON_NEGATIVE, "checkpoint every N iterations (0: only at the end)"),
    KEEP_CHECKPOINTS("keep-checkpoints", "3", Kind.POSITIVE, "checkpoints kept (oldest deleted)"),
    RESUME("resume", "false", Kind.BOOLEAN, "continue from the newest valid checkpoint in 'out'"),
    EVAL_BATCH("eval-batch", "256", Kind.POSITIVE, "evaluation batch per task"),
    SLOTS("slots", "warn", Kind.choice("warn", "fail"), "when the cluster has fewer task slots than partitions: warn or fail"),
    SLOTS_WAIT("slots-wait-seconds", "30", Kind.NON_NEGATIVE, "how long to wait for executors to register before the slot check"),
    LOG_EVERY("log-every", "10", Kind.POSITIVE, "log a progress line every N iterations"),
    FAIL_ONCE("test-fail-once", "", Kind.TEXT, "fault injection for tests: '<iteration>:<partition>' fails that task's first attempt");

    private final String key;
    private final String defaultValue;
    private final Kind kind;
    private final String doc;

    TrainKey(String key, String defaultValue, Kind kind, String doc) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.kind = kind;
        this.doc = doc;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    /** Checks a value; the message names the key, where the value came from, and what was expected. */
    public String check(String value, String source) {
        if (!kind.test.test(value)) {
            throw new IllegalArgumentException("key '" + key + "' (" + source + ") must be " + kind.what + ", was '"
                    + value + "'");
        }
        return value;
    }

    public static TrainKey of(String key, String source) {
        for (TrainKey k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown key '" + key + "' (" + source + "); known keys: "
                + String.join(", ", Arrays.stream(values()).map(TrainKey::key).toList()));
    }

    /** A value type: its check and how to describe it. */
    record Kind(Predicate<String> test, String what) {
        static final Kind TEXT = new Kind(v -> true, "text");
        static final Kind INTEGER = new Kind(v -> parsesAs(v, Long::parseLong), "an integer");
        static final Kind POSITIVE = new Kind(v -> parsesAs(v, Integer::parseInt) && Integer.parseInt(v) > 0,
                "an integer ≥ 1");
        static final Kind NON_NEGATIVE = new Kind(v -> parsesAs(v, Integer::parseInt) && Integer.parseInt(v) >= 0,
                "an integer ≥ 0");
        static final Kind POSITIVE_NUMBER = new Kind(v -> number(v) > 0, "a number > 0");
        static final Kind NON_NEGATIVE_NUMBER = new Kind(v -> number(v) >= 0, "a number ≥ 0");
        static final Kind UNIT = new Kind(v -> number(v) >= 0 && number(v) <= 1, "a number in [0, 1]");
        static final Kind UNIT_OPEN = new Kind(v -> number(v) > 0 && number(v) <= 1, "a number in (0, 1]");
        static final Kind BOOLEAN = new Kind(v -> v.equals("true") || v.equals("false"), "true or false");

        static Kind choice(String... options) {
            return new Kind(v -> Arrays.asList(options).contains(v.toLowerCase(Locale.ROOT)),
                    "one of " + String.join(", ", options));
        }

        private static boolean parsesAs(String v, java.util.function.Function<String, ?> f) {
            try {
                f.apply(v.trim());
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private static double number(String v) {
            try {
                double d = Double.parseDouble(v.trim());
                return Double.isFinite(d) ? d : Double.NaN;
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }
}
