package org.xnornet.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.xnornet.data.parquet.BadImageCounter;
import org.xnornet.data.parquet.CacheMode;
import org.xnornet.data.parquet.ParquetImageDataset;
import org.xnornet.data.parquet.PartitionBatches;
import org.xnornet.data.parquet.PartitionPlan;
import org.xnornet.data.DataKeys;
import org.xnornet.train.PartitionWorker;
import org.xnornet.train.TrainKeys;
import org.xnornet.train.TrainRecipe;

/**
 * The executor half of a round, and what an executor JVM keeps between rounds of a run: idle workers (a network
 * each, so concurrent tasks never share buffers) and each partition's batch source (its window of rows). Both are
 * caches only: a task that finds nothing — a new executor, a retried task elsewhere — rebuilds them, and gets
 * exactly the same result, because batches and states are computed, not remembered.
 */
final class ExecutorSide {
    private static final Map<String, ConcurrentLinkedQueue<PartitionWorker>> WORKERS = new ConcurrentHashMap<>();
    private static final Map<String, PartitionBatches> BATCHES = new ConcurrentHashMap<>();
    private static final Map<String, BadImageCounter> BAD = new ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicBoolean ANNOUNCED = new java.util.concurrent.atomic.AtomicBoolean();
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(ExecutorSide.class.getName());

    private ExecutorSide() {
    }

    /**
     * One worker's round {@code round} on partition {@code partition}: its new state, or with {@code gradients} one
     * step's gradients and BN statistics. The starting vector comes from {@code encoded}, or from the driver's
     * {@link DirectExchange} when {@code direct} is not null, and the result goes back the same way.
     */
    static Contribution round(TrainJobPlan plan, Broadcast<byte[]> encoded, DirectExchange.Endpoint direct, long round,
            int partition, boolean gradients) {
        long start = System.nanoTime();
        injectFault(round, partition);
        PartitionWorker worker = borrow(plan);
        try {
            PartitionBatches batches = batches(plan, "train", plan.train(), plan.trainPlan(), partition);
            BadImageCounter bad = BAD.get(plan.id() + "/train");
            int before = bad.count();
            var vector = worker.network().parameters();
            long f0 = System.nanoTime();
            if (direct != null && gradients) {
                float[] model = new float[worker.modelLength()];
                DirectClient.fetch(direct, round, partition, model, model.length);
                worker.restoreModel(model);
            } else if (direct != null) {
                DirectClient.fetch(direct, round, partition, vector.values(), vector.size());
            } else if (gradients) {
                worker.restoreModel(StateBytes.decode(encoded.value()));
            } else {
                StateBytes.decodeInto(encoded.value(), vector.values(), vector.size());
            }
            long fetch = System.nanoTime() - f0;
            PartitionWorker.Round r;
            float[] result;
            int length;
            synchronized (batches) {
                if (gradients) {
                    result = new float[worker.exchangeLength()];
                    length = result.length;
                    r = worker.gradientsInPlace(round, batches, result);
                } else {
                    r = worker.runInPlace(round, batches);
                    result = vector.values();
                    length = vector.size();
                }
            }
            byte[] out = null;
            if (direct != null) {
                DirectClient.send(direct, round, partition, result, length);
            } else {
                out = StateBytes.encode(result, length);
            }
            return Contribution.of(r, out, bad.count() - before, start, fetch);
        } finally {
            WORKERS.get(plan.id()).add(worker);
        }
    }

    /** Evaluation sums of the model values in {@code encoded} over validation partition {@code partition}. */
    static double[] evaluate(TrainJobPlan plan, Broadcast<byte[]> encoded, int partition) {
        float[] model = StateBytes.decode(encoded.value());
        PartitionWorker worker = borrow(plan);
        try {
            PartitionBatches batches = batches(plan, "val", plan.val(), plan.valPlan(), partition);
            synchronized (batches) {
                return worker.evaluateModel(model, batches.evalBatches(
                        TrainRecipe.evalTransform(plan.settings(), TrainRecipe.spec(plan.settings())),
                        plan.settings().get(TrainKeys.EVAL_BATCH)));
            }
        } finally {
            WORKERS.get(plan.id()).add(worker);
        }
    }

    private static PartitionWorker borrow(TrainJobPlan plan) {
        KernelThreads.applyOnExecutor();
        if (!ANNOUNCED.getAndSet(true)) {
            LOG.info("engine on this executor: GEMM " + org.xnornet.kernel.Gemm.describe() + blasSettings()
                    + ", " + org.xnornet.kernel.Parallel.threads() + " kernel threads, java "
                    + System.getProperty("java.version"));
        }
        PartitionWorker w = WORKERS.computeIfAbsent(plan.id(), k -> new ConcurrentLinkedQueue<>()).poll();
        return w != null ? w : new PartitionWorker(TrainJob.recipe(plan));
    }

    /**
     * The OpenBLAS variables this executor's process has (" (OPENBLAS_CORETYPE=Haswell, ...)", or ""): the kernel and
     * the threads decide a GEMM's last bits, so they are what to compare when an executor's numbers differ.
     */
    static String blasSettings() {
        List<String> set = new ArrayList<>();
        new TreeMap<>(System.getenv()).forEach((k, v) -> {
            if (k.startsWith("OPENBLAS_")) {
                set.add(k + "=" + v);
            }
        });
        return set.isEmpty() ? "" : " (" + String.join(", ", set) + ")";
    }

    private static PartitionBatches batches(TrainJobPlan plan, String split, ParquetImageDataset data,
            PartitionPlan partitions, int partition) {
        BadImageCounter bad = BAD.computeIfAbsent(plan.id() + "/" + split, k -> new BadImageCounter(data.rows(),
                plan.settings().get(DataKeys.MAX_BAD_FRACTION)));
        return BATCHES.computeIfAbsent(plan.id() + "/" + split + "/" + partition, k -> new PartitionBatches(data,
                partitions.groups(partition), partition, plan.settings().get(DataKeys.SEED),
                plan.settings().get(DataKeys.SHUFFLE_WINDOW),
                CacheMode.valueOf(plan.settings().get(DataKeys.CACHE).toUpperCase(java.util.Locale.ROOT)), bad,
                plan.conf().get()));
    }

    /**
     * Fault injection for tests only, never a user setting: the system property {@value #FAIL_ONCE} =
     * "round:partition" (read in the executor's JVM) fails that task's first attempt.
     */
    static final String FAIL_ONCE = "xnornet.test.failOnce";

    private static void injectFault(long round, int partition) {
        String spec = System.getProperty(FAIL_ONCE, "");
        TaskContext ctx = TaskContext.get();
        if (!spec.isEmpty() && spec.equals(round + ":" + partition) && ctx != null && ctx.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure (" + FAIL_ONCE + "=" + spec + ") in the first attempt "
                    + "of round " + round + ", partition " + partition);
        }
    }

    /** Forgets a finished run's workers and batch sources. */
    static void release(String runId) {
        WORKERS.remove(runId);
        BATCHES.keySet().removeIf(k -> k.startsWith(runId + "/"));
        BAD.keySet().removeIf(k -> k.startsWith(runId + "/"));
    }
}
