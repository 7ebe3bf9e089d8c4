package org.xnornet.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.xnornet.data.parquet.HadoopConf;
import org.xnornet.data.parquet.ParquetImageDataset;
import org.xnornet.data.parquet.PartitionPlan;
import org.xnornet.model.ModelSpec;
import org.xnornet.config.CommonKeys;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;
import org.xnornet.data.DataKeys;
import org.xnornet.train.Checkpoint;
import org.xnornet.train.Evaluator;
import org.xnornet.train.PartitionWorker;
import org.xnornet.train.RunFolder;
import org.xnornet.train.RunListeners;
import org.xnornet.train.TrainKeys;
import org.xnornet.train.TrainRecipe;
import org.xnornet.train.TrainingListener;

/**
 * The distributed trainer's driver. Each round the driver broadcasts the whole training state (shadow weights, Γ,
 * BN parameters and running statistics, optimiser state: one float vector), every partition's task takes
 * {@code average-every} local steps on its own next minibatches ({@link ExecutorSide}), and a tree aggregation
 * brings back the sum of the workers' states, whose mean is the next state. Data never passes through the driver;
 * tasks are pure functions of (plan, state, round, partition), so retries and restarts reproduce them.
 */
public final class TrainJob {
    private static final Logger LOG = Logger.getLogger(TrainJob.class.getName());

    private TrainJob() {
    }

    /**
     * Final state, validation metrics of the last evaluation (null if none), rounds run, and the final state as a
     * checkpoint (what model.xnc holds).
     */
    public record Result(float[] state, Evaluator.Metrics val, long rounds, ModelSpec spec, Checkpoint checkpoint) {
    }

    /** Trains with the run folder of key 'out' (none when it is empty), opened here; progress on stdout. */
    public static Result run(SparkSession spark, Settings s) throws IOException, InterruptedException {
        RunFolder folder = s.get(CommonKeys.OUT).isEmpty() ? null : RunFolder.open(s, COMMAND,
                spark.sparkContext().hadoopConfiguration(), LOG::info);
        return run(spark, s, folder, System.out);
    }

    /** Trains, reporting through the standard listeners into {@code folder} (null: nothing written). */
    public static Result run(SparkSession spark, Settings s, RunFolder folder, PrintStream console)
            throws IOException, InterruptedException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        checkTransport(s, spark.sparkContext().conf());
        TrainJobPlan plan = plan(spark, s);
        int partitions = plan.trainPlan().partitions();
        SlotCheck.check(spark.sparkContext(), partitions, s);
        if (spark.sparkContext().conf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            LOG.warning("spark.dynamicAllocation.enabled is true: executors may leave between iterations, and a "
                    + "synchronous iteration waits for the slowest partition; turn it off for training");
        }
        int period = s.get(SparkKeys.AVERAGE_EVERY);
        long rounds = plan.totalSteps() / period;
        PartitionWorker.Recipe recipe = recipe(plan);
        if (folder != null) {
            folder.claim();
        }
        PartitionWorker driverModel = new PartitionWorker(recipe);
        float[] state = PartitionWorker.initialState(recipe);
        long start = 0;
        if (!s.get(TrainKeys.INIT).isEmpty()) {
            String init = s.get(TrainKeys.INIT);
            state = driverModel.initialStateFrom(readCheckpoint(init, spark.sparkContext().hadoopConfiguration()),
                    init);
        }
        if (folder != null && folder.resumeFrom().isPresent()) {
            Checkpoint c = folder.resumeFrom().get().checkpoint();
            c.restoreInto(driverModel.network(), folder.resumeFrom().get().path());
            state = c.state();
            start = Math.min(c.iteration(), rounds);
        }
        LOG.info(String.format(Locale.ROOT, "training %s on %s: %d partitions × batch %d, %d steps per epoch, %d rounds"
                + " of %d step(s), state %d floats (%.1f MB)", recipe.spec(), plan.train(), partitions, recipe.batch(),
                plan.stepsPerEpoch(), rounds, period, state.length, state.length * 4 / 1e6));
        JavaRDD<Integer> workers = jsc.parallelize(range(partitions), partitions);
        SharedPlan shared = SharedPlan.broadcast(jsc, plan);
        Evaluator.Metrics val = null;
        DriverState at = new DriverState(driverModel, state, (int) start, period, plan.stepsPerEpoch());
        try (RunListeners listeners = new RunListeners(s, folder, console, (int) start);
             DirectExchange direct = s.get(SparkKeys.TRANSPORT).equals("direct") ? directExchange(spark, s) : null) {
            listeners.start((int) start, (int) rounds);
            for (long round = start; round < rounds; round++) {
                long step = round * period;
                int epoch = (int) (step / plan.stepsPerEpoch());
                var stats = round(jsc, workers, plan, shared, at, round, epoch, recipe, driverModel, s, direct);
                listeners.iteration(stats, at);
                boolean epochEnd = (step + period) / plan.stepsPerEpoch() > epoch || round + 1 == rounds;
                if (epochEnd && plan.val() != null) {
                    long e0 = System.nanoTime();
                    val = evaluate(jsc, plan, shared, driverModel.modelOf(at.state()), epoch);
                    LOG.info(String.format(Locale.ROOT, "evaluation of epoch %d took %.1f s", epoch,
                            (System.nanoTime() - e0) / 1e9));
                    listeners.epoch(epoch, val, at);
                }
            }
            listeners.finish(at);
        } finally {
            spark.sparkContext().setJobDescription(null);
            ExecutorSide.release(plan.id());
            shared.release();
        }
        return new Result(at.state(), val, rounds, recipe.spec(), at.checkpoint());
    }

    /** Reads the checkpoint or model.xnc at {@code location} (any Hadoop path). */
    public static Checkpoint readCheckpoint(String location, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
        org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) {
            throw new org.xnornet.train.CheckpointException(location + " does not exist");
        }
        try (java.io.InputStream in = fs.open(p)) {
            return Checkpoint.read(in, location);
        }
    }

    /** The name this trainer records in its run folders. */
    public static final String COMMAND = "train";

    static PartitionWorker.Recipe recipe(TrainJobPlan plan) {
        return TrainRecipe.workerRecipe(plan.settings(), plan.settings().get(TrainKeys.BATCH),
                plan.settings().get(SparkKeys.AVERAGE_EVERY), plan.stepsPerEpoch(), plan.totalSteps());
    }

    /** The driver's server for transport=direct, reached at spark.driver.host. */
    private static DirectExchange directExchange(SparkSession spark, Settings s) throws IOException {
        var conf = spark.sparkContext().conf();
        String host = conf.get("spark.driver.host");
        return DirectExchange.start(host, conf.get("spark.driver.bindAddress", host), s.get(SparkKeys.DIRECT_PORT));
    }

    private static TrainingListener.IterationStats round(JavaSparkContext jsc, JavaRDD<Integer> workers,
            TrainJobPlan plan, SharedPlan shared, DriverState at, long round, int epoch, PartitionWorker.Recipe recipe,
            PartitionWorker driverModel, Settings s, DirectExchange direct) {
        long t0 = System.nanoTime();
        jsc.setJobDescription("train epoch " + epoch + " iteration " + round);
        boolean gradients = s.get(SparkKeys.EXCHANGE).equals("gradients");
        int partitions = plan.trainPlan().partitions();
        float[] state = at.state();
        // gradient exchange sends the model only: workers need no optimiser state to compute gradients
        float[] start = gradients ? driverModel.modelOf(state) : state;
        int returned = gradients ? driverModel.exchangeLength() : state.length;
        Broadcast<byte[]> bc = null;
        DirectExchange.Endpoint endpoint = null;
        if (direct != null) {
            direct.begin(round, start, returned, partitions);
            endpoint = direct.endpoint();
        } else {
            bc = jsc.broadcast(StateBytes.encode(start));
        }
        Broadcast<byte[]> encoded = bc;
        DirectExchange.Endpoint to = endpoint;
        long t1 = System.nanoTime();
        int depth = partitions > 16 ? 3 : 2;
        Contribution sum = workers.treeAggregate(new Contribution(),
                (acc, p) -> Contribution.merge(acc, ExecutorSide.round(shared.get(), encoded, to, round, p, gradients)),
                Contribution::merge, depth);
        long t2 = System.nanoTime();
        if (sum.workers != partitions) {
            throw new IllegalStateException("round " + round + ": " + sum.workers + " of " + partitions
                    + " partitions reported");
        }
        float[] mean = direct != null ? direct.end() : sum.mean();
        at.advance(gradients ? driverModel.applyMean(state, mean, (int) round) : mean);
        if (bc != null) {
            bc.destroy();
        }
        long t3 = System.nanoTime();
        double wall = (t3 - t0) / 1e9;
        double compute = sum.maxComputeNanos / 1e9;
        Map<String, Number> extra = new LinkedHashMap<>();
        extra.put("compute_s", compute);
        extra.put("task_s", sum.maxTaskNanos / 1e9);
        extra.put("fetch_s", sum.maxFetchNanos / 1e9);
        extra.put("broadcast_s", (t1 - t0) / 1e9);
        extra.put("aggregate_s", (t2 - t1) / 1e9);
        extra.put("update_s", (t3 - t2) / 1e9);
        extra.put("sync_overhead_s", wall - compute);
        extra.put("broadcast_bytes", 4L * start.length);
        extra.put("returned_bytes", 4L * returned * sum.workers);
        extra.put("bad_images", sum.badImages);
        return new TrainingListener.IterationStats((int) round, epoch, recipe.schedule().lr((int) (round
                * recipe.period())), sum.lossSum / sum.images, sum.correct / (double) sum.images, sum.images, wall,
                extra);
    }

    /**
     * Evaluates the model values of checkpoint {@code c} on split 'val-split' of 'data' as training evaluates each
     * epoch (the same plan, transform and partitions), on the cluster.
     */
    public static Evaluator.Metrics evaluate(SparkSession spark, Settings s, Checkpoint c, String source)
            throws IOException {
        s.require(!s.get(DataKeys.VAL_SPLIT).equals("none"), DataKeys.VAL_SPLIT, "names no split to evaluate on");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TrainJobPlan plan = plan(spark, s);
        PartitionWorker driverModel = new PartitionWorker(recipe(plan));
        float[] model = driverModel.modelOf(driverModel.initialStateFrom(c, source));
        SharedPlan shared = SharedPlan.broadcast(jsc, plan);
        try {
            return evaluate(jsc, plan, shared, model, -1);
        } finally {
            spark.sparkContext().setJobDescription(null);
            ExecutorSide.release(plan.id());
            shared.release();
        }
    }

    /**
     * Evaluation of {@code model} ({@link PartitionWorker#modelOf}: the state without the optimiser's slots, which
     * evaluation does not read; for AlexNet with Adam a third of the state) over the validation partitions.
     */
    private static Evaluator.Metrics evaluate(JavaSparkContext jsc, TrainJobPlan plan, SharedPlan shared, float[] model,
            int epoch) {
        jsc.setJobDescription("evaluate epoch " + epoch);
        Broadcast<byte[]> bc = jsc.broadcast(StateBytes.encode(model));
        int parts = plan.valPlan().partitions();
        double[] sums = jsc.parallelize(range(parts), parts).treeAggregate(new double[4],
                (acc, p) -> add(acc, ExecutorSide.evaluate(shared.get(), bc, p)), TrainJob::add, 2);
        bc.destroy();
        long n = (long) sums[3];
        return new Evaluator.Metrics(sums[0] / Math.max(1, n), sums[1] / Math.max(1, n), sums[2] / Math.max(1, n), n);
    }

    private static double[] add(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    /** Every check that needs neither Spark nor the data: run it before the session starts. */
    public static void validate(Settings s) {
        s.require(!s.get(TrainKeys.DATA).isEmpty(), TrainKeys.DATA, "is required: the Parquet dataset to train on");
        TrainRecipe.validate(s);
        s.require(s.get(SparkKeys.AVERAGE_EVERY) == 1 || s.get(SparkKeys.EXCHANGE).equals("state"),
                SparkKeys.AVERAGE_EVERY, "must be 1 with exchange=gradients (the driver applies every step)");
    }

    /**
     * Refuses {@code transport=direct}, whose vectors travel in plain TCP, when the Spark configuration asks for an
     * encrypted network ({@code spark.network.crypto.enabled} or {@code spark.ssl.rpc.enabled}), unless the user
     * allows it with {@code direct-unencrypted=allow}. Needs only the configuration: run it before the session starts.
     */
    public static void checkTransport(Settings s, SparkConf conf) {
        if (!s.get(SparkKeys.TRANSPORT).equals("direct") || s.get(SparkKeys.DIRECT_UNENCRYPTED).equals("allow")) {
            return;
        }
        for (String encrypted : ENCRYPTED_NETWORK) {
            s.require(!conf.getBoolean(encrypted, false), SparkKeys.TRANSPORT, "sends the training state unencrypted "
                    + "over plain TCP, but " + encrypted + " is true: use transport=spark (encrypted by Spark), or set "
                    + "direct-unencrypted=allow to accept plain TCP on a trusted network");
        }
    }

    /** The Spark properties that ask for encryption of the traffic between driver and executors. */
    static final List<String> ENCRYPTED_NETWORK = List.of("spark.network.crypto.enabled", "spark.ssl.rpc.enabled");

    static TrainJobPlan plan(SparkSession spark, Settings s) {
        validate(s);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        ModelSpec spec = TrainRecipe.spec(s);
        ParquetImageDataset train = ParquetImageDataset.open(s.get(TrainKeys.DATA), s.get(DataKeys.TRAIN_SPLIT),
                s.get(DataKeys.CLASSES), conf);
        s.require(train.classes().size() == spec.classes(), TrainKeys.MODEL, "has " + spec.classes()
                + " classes but the dataset " + train + " has " + train.classes().size());
        int partitions = s.get(SparkKeys.PARTITIONS) > 0 ? s.get(SparkKeys.PARTITIONS)
                : spark.sparkContext().defaultParallelism();
        PartitionPlan trainPlan = PartitionPlan.of(train, partitions);
        int perEpoch = trainPlan.batchesPerEpoch(s.get(TrainKeys.BATCH));
        s.require(perEpoch > 0, TrainKeys.BATCH, "is more than the smallest partition holds ("
                + trainPlan.rows(0) + " images)");
        int total = TrainRecipe.totalSteps(s, perEpoch);
        s.require(total >= s.get(SparkKeys.AVERAGE_EVERY), SparkKeys.AVERAGE_EVERY, "exceeds the " + total
                + " steps of the run");
        ParquetImageDataset val = null;
        PartitionPlan valPlan = null;
        if (!s.get(DataKeys.VAL_SPLIT).equals("none")) {
            val = ParquetImageDataset.open(s.get(TrainKeys.DATA), s.get(DataKeys.VAL_SPLIT),
                    train.classes().size(), conf);
            int groups = (int) val.rowGroups().stream().filter(g -> g.rows() > 0).count();
            valPlan = PartitionPlan.of(val, Math.max(1, Math.min(partitions, groups)));
        }
        return new TrainJobPlan(UUID.randomUUID().toString(), s, train, trainPlan, val, valPlan, perEpoch, total,
                new HadoopConf(conf));
    }

    /** A Settings object with every key of {@code train}, at its defaults. */
    public static Settings settings() {
        return new Settings(COMMAND, KEYS);
    }

    /** The key groups of {@code train}. */
    public static final List<KeyGroup> KEYS = List.of(TrainKeys.TRAINING, DataKeys.ORDER, DataKeys.BAD_IMAGES, DataKeys.IMAGES,
            TrainKeys.START, SparkKeys.TRAINING, CommonKeys.OUTPUT, TrainKeys.RUN_FOLDER, SparkKeys.SESSION);

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
