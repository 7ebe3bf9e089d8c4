package org.xnornet.train;

import java.util.List;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.ValueType;
import org.xnornet.model.ModelSpec;
import org.xnornet.optim.LrSchedule;

/**
 * The keys of a training run, shared by {@code train} (Spark) and {@code train-local} (one process): what to train,
 * the optimiser and schedule, the run folder and its checkpoints, and the engine's threads. {@link TrainRecipe} turns
 * them into engine objects; conf/xnornet-train.properties documents them (a test keeps it equal to this class).
 */
public final class TrainKeys {
    private TrainKeys() {
    }

    private static final int MAX = Integer.MAX_VALUE;

    public static final Key<String> DATA = Key.run("data", ValueType.text("DATA"), "",
            "the data: a Parquet image dataset (a folder with manifest.json, or Hugging Face files; any Hadoop path) to "
            + "train on, or for score to score; train-local takes fashion-mnist[:<folder of IDX files>] or synthetic; "
            + "export and predict name a checkpoint's classes from its manifest");
    public static final Key<String> MODEL = Key.run("model", ValueType.of("a model spec (arch=...,scaling=...)", "SPEC",
            s -> ModelSpec.parse(s).toString()), "arch=small_resnet",
            "ModelSpec, e.g. arch=resnet18,classes=1000,scaling=gamma2 (keys: arch, input, classes, binary, "
            + "input_quantizer, kernel_quantizer, scaling, activation, binary_downsample, width, seed)");
    public static final Key<Integer> EPOCHS = Key.run("epochs", ValueType.integer(1, MAX), "1",
            "passes over the training split");
    public static final Key<Integer> MAX_ITERATIONS = Key.run("max-iterations", ValueType.integer(0, MAX), "0",
            "stop after this many iterations (0: run all epochs); the schedule spans the iterations run");
    public static final Key<Integer> BATCH = Key.run("batch", ValueType.integer(1, 1 << 20), "32",
            "minibatch per worker b (train's global batch is partitions·b); bench and predict: images per forward "
            + "pass");
    public static final Key<Integer> GHOST_BATCH = Key.run("ghost-batch", ValueType.integer(0, 1 << 20), "0",
            "batch-norm statistics per sub-batch of this many images (0: the whole batch); must divide the batch");
    public static final Key<String> OPTIMIZER = Key.run("optimizer", ValueType.choice("adam", "sgd"), "adam",
            "optimiser: adam (β 0.9, 0.999, ε 1e-8) or sgd with momentum");
    public static final Key<Double> LR = Key.run("lr", ValueType.real(0, true, Double.POSITIVE_INFINITY), "0.001",
            "base learning rate");
    public static final Key<Double> MOMENTUM = Key.run("momentum", ValueType.real(0, false, 1), "0.9",
            "SGD momentum");
    public static final Key<Boolean> NESTEROV = Key.run("nesterov", ValueType.bool(), "false", "Nesterov momentum (sgd)");
    public static final Key<Double> WEIGHT_DECAY = Key.run("weight-decay",
            ValueType.real(0, false, Double.POSITIVE_INFINITY), "0",
            "decoupled weight decay (never on Γ, BN, biases, PReLU)");
    public static final Key<String> SCHEDULE = Key.run("schedule", ValueType.of("a schedule: constant, cosine, "
            + "step:<every>:<gamma> or multistep:<m1>;<m2>:<gamma>", "SCHEDULE", s -> {
                LrSchedule.parse(s, 1f, 1);
                return s;
            }), "cosine", "constant, step:<every>:<gamma>, multistep:<m1>;<m2>:<gamma> or cosine, in iterations");
    public static final Key<Integer> WARMUP = Key.run("warmup", ValueType.integer(0, MAX), "0",
            "linear warm-up iterations");
    public static final Key<Double> LABEL_SMOOTHING = Key.run("label-smoothing", ValueType.real(0, false, 0.999), "0",
            "label smoothing of the cross-entropy, in [0, 1)");
    public static final Key<Boolean> CLIP_SHADOW = Key.run("clip-shadow", ValueType.bool(), "false",
            "clip shadow weights to [-1, 1] after each step");
    public static final Key<Integer> EVAL_BATCH = Key.operational("eval-batch", ValueType.integer(1, 1 << 20), "256",
            "evaluation batch (per task on Spark)");
    public static final Key<Integer> LOG_EVERY = Key.operational("log-every", ValueType.integer(1, MAX), "10",
            "print a progress line every N iterations");

    public static final Key<String> INIT = Key.run("init", ValueType.text("CHECKPOINT"), "",
            "start from the model values (weights, Γ, BN terms and statistics; not optimiser state) of this checkpoint "
            + "or model.xnc (any Hadoop path; its model spec must be this run's but for the seed): fine-tuning, "
            + "retraining");
    public static final Key<Boolean> RESUME = Key.operational("resume", ValueType.bool(), "false",
            "continue the run in 'out' from its newest valid checkpoint (the run's keys must be the same)");
    public static final Key<Integer> CHECKPOINT_EVERY = Key.operational("checkpoint-every", ValueType.integer(0, MAX),
            "0", "checkpoint every N iterations (0: only at the end)");
    public static final Key<Integer> KEEP_CHECKPOINTS = Key.operational("keep-checkpoints", ValueType.integer(1, MAX),
            "3", "checkpoints of this run kept (its older ones deleted; files of other runs are never touched)");

    public static final Key<Integer> THREADS = Key.operational("threads", ValueType.integer(0, 4096), "0",
            "engine kernel threads in this process (0: one per processor; Spark tasks use spark.task.cpus)");

    public static final KeyGroup TRAINING = new KeyGroup("training", List.of(DATA, MODEL, EPOCHS, MAX_ITERATIONS, BATCH,
            GHOST_BATCH, OPTIMIZER, LR, MOMENTUM, NESTEROV, WEIGHT_DECAY, SCHEDULE, WARMUP, LABEL_SMOOTHING, CLIP_SHADOW,
            EVAL_BATCH, LOG_EVERY));
    /** The dataset alone (export and predict name a model's classes from its manifest). */
    public static final KeyGroup DATASET = new KeyGroup("dataset", List.of(DATA));
    /** Where a distributed run's weights start. */
    public static final KeyGroup START = new KeyGroup("start", List.of(INIT));
    public static final KeyGroup RUN_FOLDER = new KeyGroup("run folder", List.of(RESUME, CHECKPOINT_EVERY,
            KEEP_CHECKPOINTS));
    public static final KeyGroup ENGINE = new KeyGroup("engine", List.of(THREADS));
}
