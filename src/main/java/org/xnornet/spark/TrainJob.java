package org.xnornet.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.xnornet.data.parquet.HadoopConf;
import org.xnornet.data.parquet.ParquetImageDataset;
import org.xnornet.data.parquet.PartitionPlan;
import org.xnornet.model.ModelSpec;
import org.xnornet.train.Checkpoint;
import org.xnornet.train.CheckpointStore;
import org.xnornet.train.Evaluator;
import org.xnornet.train.PartitionWorker;

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

    /** Final state, validation metrics of the last evaluation (null if none), rounds run. */
    public record Result(float[] state, Evaluator.Metrics val, long rounds, ModelSpec spec) {
    }

    public static Result run(SparkSession spark, TrainSettings s) throws IOException, InterruptedException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TrainJobPlan plan = plan(spark, s);
        int partitions = plan.trainPlan().partitions();
        SlotCheck.check(spark.sparkContext(), partitions, s);
        if (spark.sparkContext().conf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            LOG.warning("spark.dynamicAllocation.enabled is true: executors may leave between iterations, and a "
                    + "synchronous iteration waits for the slowest partition; turn it off for training");
        }
        int period = s.getInt(TrainKey.AVERAGE_EVERY);
        long rounds = plan.totalSteps() / period;
        String out = s.get(TrainKey.OUT);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        CheckpointStore store = out.isEmpty() ? null : new CheckpointStore(out + "/checkpoints", conf,
                s.getInt(TrainKey.KEEP_CHECKPOINTS));
        PartitionWorker.Recipe recipe = TrainRecipes.recipe(s, plan.stepsPerEpoch(), plan.totalSteps());
        PartitionWorker driverModel = new PartitionWorker(recipe);
        float[] state = PartitionWorker.initialState(recipe);
        long start = 0;
        if (s.getBoolean(TrainKey.RESUME)) {
            s.require(store != null, TrainKey.RESUME, "needs key 'out', where the checkpoints are");
            var loaded = store.newestValid();
            if (loaded.isPresent()) {
                Checkpoint c = loaded.get().checkpoint();
                c.restoreInto(driverModel.network(), loaded.get().path());
                state = c.state();
                start = c.iteration();
                LOG.info("resuming from " + loaded.get().path() + " after round " + start);
            } else {
                LOG.warning("resume: no valid checkpoint in " + out + "/checkpoints; starting from the beginning");
            }
        }
        LOG.info(MetricsLog.format("training %s on %s: %d partitions × batch %d, %d steps per epoch, %d rounds of %d"
                + " step(s), state %d floats (%.1f MB)", recipe.spec(), plan.train(), partitions, recipe.batch(),
                plan.stepsPerEpoch(), rounds, period, state.length, state.length * 4 / 1e6));
        JavaRDD<Integer> workers = jsc.parallelize(range(partitions), partitions);
        SharedPlan shared = SharedPlan.broadcast(jsc, plan);
        Evaluator.Metrics val = null;
        try (MetricsLog metrics = MetricsLog.open(out, start, conf);
             DirectExchange direct = s.lower(TrainKey.TRANSPORT).equals("direct") ? directExchange(spark, s) : null) {
            for (long round = start; round < rounds; round++) {
                long step = round * period;
                int epoch = (int) (step / plan.stepsPerEpoch());
                float[] next = round(jsc, workers, plan, shared, state, round, epoch, recipe, driverModel, metrics, s,
                        direct);
                state = next;
                boolean epochEnd = (step + period) / plan.stepsPerEpoch() > epoch || round + 1 == rounds;
                if (store != null && (round + 1 == rounds || s.getInt(TrainKey.CHECKPOINT_EVERY) > 0
                        && (round + 1) % s.getInt(TrainKey.CHECKPOINT_EVERY) == 0)) {
                    driverModel.network().parameters().restore(state);
                    String path = store.save(Checkpoint.of(driverModel.network(), (int) (round + 1), epoch));
                    LOG.info("checkpoint " + path);
                }
                if (epochEnd && plan.val() != null) {
                    long e0 = System.nanoTime();
                    val = evaluate(jsc, plan, shared, state, epoch);
                    metrics.write(MetricsLog.format("{\"type\":\"evaluation\",\"epoch\":%d,\"round\":%d,\"loss\":%.6g,"
                            + "\"top1\":%.5f,\"top5\":%.5f,\"images\":%d,\"seconds\":%.3f}", epoch, round + 1,
                            val.loss(), val.top1(), val.top5(), val.count(), (System.nanoTime() - e0) / 1e9), true);
                }
            }
        } finally {
            spark.sparkContext().setJobDescription(null);
            ExecutorSide.release(plan.id());
            shared.release();
        }
        if (store != null) {
            driverModel.network().parameters().restore(state);
            new CheckpointStore(out, conf, Integer.MAX_VALUE).saveAs(Checkpoint.of(driverModel.network(), (int) rounds,
                    (int) ((rounds * period - 1) / plan.stepsPerEpoch())), "model.xnc");
        }
        return new Result(state, val, rounds, recipe.spec());
    }

    /** The driver's server for transport=direct, reached at spark.driver.host. */
    private static DirectExchange directExchange(SparkSession spark, TrainSettings s) throws IOException {
        var conf = spark.sparkContext().conf();
        String host = conf.get("spark.driver.host");
        return DirectExchange.start(host, conf.get("spark.driver.bindAddress", host), s.getInt(TrainKey.DIRECT_PORT));
    }

    private static float[] round(JavaSparkContext jsc, JavaRDD<Integer> workers, TrainJobPlan plan, SharedPlan shared,
            float[] state,
            long round, int epoch, PartitionWorker.Recipe recipe, PartitionWorker driverModel, MetricsLog metrics,
            TrainSettings s, DirectExchange direct) {
        long t0 = System.nanoTime();
        jsc.setJobDescription("train epoch " + epoch + " iteration " + round);
        boolean gradients = s.lower(TrainKey.EXCHANGE).equals("gradients");
        int partitions = plan.trainPlan().partitions();
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
        float[] next = gradients ? driverModel.applyMean(state, mean, (int) round) : mean;
        if (bc != null) {
            bc.destroy();
        }
        long t3 = System.nanoTime();
        double wall = (t3 - t0) / 1e9;
        double compute = sum.maxComputeNanos / 1e9;
        boolean log = round % s.getInt(TrainKey.LOG_EVERY) == 0;
        if (System.console() != null) {
            System.err.printf(java.util.Locale.ROOT, "\rtrain: epoch %d, iteration %d/%d, loss %.4f, %.1f images/s   ",
                    epoch, round + 1, plan.totalSteps() / recipe.period(), sum.lossSum / sum.images, sum.images / wall);
        }
        metrics.write(MetricsLog.format("{\"type\":\"iteration\",\"round\":%d,\"epoch\":%d,\"lr\":%.6g,\"loss\":%.6g,"
                + "\"batch_top1\":%.4f,\"images\":%d,\"seconds\":%.4f,\"images_per_second\":%.2f,\"compute_s\":%.4f,"
                + "\"task_s\":%.4f,\"fetch_s\":%.4f,\"broadcast_s\":%.4f,\"aggregate_s\":%.4f,\"update_s\":%.4f,\"sync_overhead_s\":%.4f,"
                + "\"broadcast_bytes\":%d,\"returned_bytes\":%d,\"bad_images\":%d}", round, epoch, recipe.schedule().lr((int) (round
                * recipe.period())), sum.lossSum / sum.images, sum.correct / (double) sum.images, sum.images, wall,
                sum.images / wall, compute, sum.maxTaskNanos / 1e9, sum.maxFetchNanos / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9,
                wall - compute,
                4L * start.length, 4L * returned * sum.workers,
                sum.badImages), log);
        return next;
    }

    private static Evaluator.Metrics evaluate(JavaSparkContext jsc, TrainJobPlan plan, SharedPlan shared, float[] state,
            int epoch) {
        jsc.setJobDescription("evaluate epoch " + epoch);
        Broadcast<byte[]> bc = jsc.broadcast(StateBytes.encode(state));
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

    static TrainJobPlan plan(SparkSession spark, TrainSettings s) {
        s.require(!s.get(TrainKey.DATA).isEmpty(), TrainKey.DATA, "is required: the Parquet dataset to train on");
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        ModelSpec spec = TrainRecipes.spec(s);
        ParquetImageDataset train = ParquetImageDataset.open(s.get(TrainKey.DATA), s.get(TrainKey.TRAIN_SPLIT),
                s.getInt(TrainKey.CLASSES), conf);
        s.require(train.classes().size() == spec.classes(), TrainKey.MODEL, "has " + spec.classes()
                + " classes but the dataset " + train + " has " + train.classes().size());
        int partitions = s.getInt(TrainKey.PARTITIONS) > 0 ? s.getInt(TrainKey.PARTITIONS)
                : spark.sparkContext().defaultParallelism();
        PartitionPlan trainPlan = PartitionPlan.of(train, partitions);
        int batch = s.getInt(TrainKey.BATCH);
        int perEpoch = trainPlan.batchesPerEpoch(batch);
        s.require(perEpoch > 0, TrainKey.BATCH, "is more than the smallest partition holds ("
                + trainPlan.rows(0) + " images)");
        int total = perEpoch * s.getInt(TrainKey.EPOCHS);
        if (s.getInt(TrainKey.MAX_ITERATIONS) > 0) {
            total = Math.min(total, s.getInt(TrainKey.MAX_ITERATIONS));
        }
        s.require(total >= s.getInt(TrainKey.AVERAGE_EVERY), TrainKey.AVERAGE_EVERY, "exceeds the " + total
                + " steps of the run");
        s.require(s.getInt(TrainKey.AVERAGE_EVERY) == 1 || s.lower(TrainKey.EXCHANGE).equals("state"),
                TrainKey.AVERAGE_EVERY, "must be 1 with exchange=gradients (the driver applies every step)");
        TrainRecipes.recipe(s, perEpoch, total);
        TrainRecipes.evalTransform(s, spec);
        ParquetImageDataset val = null;
        PartitionPlan valPlan = null;
        if (!s.lower(TrainKey.VAL_SPLIT).equals("none")) {
            val = ParquetImageDataset.open(s.get(TrainKey.DATA), s.get(TrainKey.VAL_SPLIT),
                    train.classes().size(), conf);
            int groups = (int) val.rowGroups().stream().filter(g -> g.rows() > 0).count();
            valPlan = PartitionPlan.of(val, Math.max(1, Math.min(partitions, groups)));
        }
        return new TrainJobPlan(UUID.randomUUID().toString(), s, train, trainPlan, val, valPlan, perEpoch, total,
                new HadoopConf(conf));
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
