package org.xnornet.train;

import java.util.Iterator;
import java.util.function.Function;
import org.xnornet.data.Batch;
import org.xnornet.data.image.ImageTransform;
import org.xnornet.data.parquet.PartitionBatches;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.nn.Mode;
import org.xnornet.nn.SoftmaxCrossEntropy;
import org.xnornet.optim.LrSchedule;
import org.xnornet.optim.Optimizer;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/**
 * What one worker of synchronous data-parallel training does in one round, Spark-free: start from the
 * broadcast training state, take {@code period} local steps ({@link TrainStep}) on its own partition's next
 * minibatches, and hand back its state for averaging. Local step s = round·period + j reads batch
 * (s mod stepsPerEpoch) of epoch s / stepsPerEpoch and uses the learning rate of iteration s, so with one worker
 * and period 1 this is exactly the local trainer. Owns its network (a worker's buffers are reused across rounds).
 */
public final class PartitionWorker {
    /** The recipe every worker shares. */
    public record Recipe(ModelSpec spec, Optimizer optimizer, LrSchedule schedule, float labelSmoothing, int batch,
            int ghostBatch, int period, int stepsPerEpoch, ImageTransform trainTransform) {
    }

    /** The state after a round and what it took: loss sum and hits over its images, compute time. */
    public record Round(float[] state, double lossSum, long correct, long images, long computeNanos) {
    }

    private final Recipe recipe;
    private final Network net;
    private final Optimizer optimizer;
    private final SoftmaxCrossEntropy loss;

    public PartitionWorker(Recipe recipe) {
        this.recipe = recipe;
        this.net = Network.build(recipe.spec());
        this.optimizer = recipe.optimizer().copy();
        optimizer.attach(net.parameters());
        this.loss = new SoftmaxCrossEntropy(recipe.labelSmoothing());
    }

    /** The initial state: the spec's seeded initialisation and zero optimiser state. */
    public static float[] initialState(Recipe recipe) {
        Network fresh = Network.build(recipe.spec());
        Optimizer o = recipe.optimizer().copy();
        o.attach(fresh.parameters());
        return fresh.parameters().snapshot();
    }

    /**
     * The initial state with the model values of {@code c} (not its optimiser state), whose model must be this
     * recipe's but for the initialisation seed.
     */
    public float[] initialStateFrom(Checkpoint c, String source) throws CheckpointException {
        if (!c.modelSpec().withSeed(0).equals(recipe.spec().withSeed(0))) {
            throw new CheckpointException(source + " holds model '" + c.spec() + "', not this run's '" + recipe.spec()
                    + "' (key 'init')");
        }
        net.parameters().restore(initialState(recipe));
        c.restoreModelInto(net, source);
        return net.parameters().snapshot();
    }

    public Network network() {
        return net;
    }

    /** Runs round {@code round} from {@code state} on {@code batches}. */
    public Round run(float[] state, long round, PartitionBatches batches) {
        long t0 = System.nanoTime();
        net.parameters().restore(state);
        Round r = runInPlace(round, batches);
        return new Round(net.parameters().snapshot(), r.lossSum(), r.correct(), r.images(), System.nanoTime() - t0);
    }

    /**
     * Runs round {@code round} from the state already in this worker's vector (e.g. decoded straight into
     * {@code network().parameters().values()}, saving a copy of a large state); the new state stays there too, and
     * the returned round's state is null.
     */
    public Round runInPlace(long round, PartitionBatches batches) {
        long t0 = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long images = 0;
        for (int j = 0; j < recipe.period(); j++) {
            long step = round * recipe.period() + j;
            TrainStep.StepResult r = TrainStep.run(net, optimizer, batch(step, batches),
                    recipe.schedule().lr((int) step), recipe.ghostBatch(), loss);
            lossSum += r.loss() * r.count();
            correct += r.correct();
            images += r.count();
        }
        return new Round(null, lossSum, correct, images, System.nanoTime() - t0);
    }

    /**
     * Gradient exchange: one step's gradients from the state already in the vector, without the update. Returns
     * the round (state null) and leaves in {@code exchange} (length {@link #exchangeLength()}) the gradients of every
     * trainable slice followed by the BN running statistics after the forward pass, in layout order.
     */
    public Round gradientsInPlace(long round, PartitionBatches batches, float[] exchange) {
        long t0 = System.nanoTime();
        TrainStep.StepResult r = TrainStep.gradients(net, batch(round, batches), recipe.ghostBatch(), loss);
        pack(this::exchangeSide, exchange, true);
        return new Round(null, r.loss() * r.count(), r.correct(), r.count(), System.nanoTime() - t0);
    }

    /** Values of the model without the optimiser's state (what gradient exchange broadcasts). */
    public int modelLength() {
        return pack(p -> modelSide(p, net.parameters().values()), null, true);
    }

    /** Packs the values of every non-optimiser slice of {@code state} (layout order) into a new array. */
    public float[] modelOf(float[] state) {
        float[] out = new float[modelLength()];
        pack(p -> modelSide(p, state), out, true);
        return out;
    }

    /** Unpacks {@link #modelOf} output into this worker's vector; optimiser slices are left as they are. */
    public void restoreModel(float[] model) {
        if (model.length != modelLength()) {
            throw new IllegalArgumentException("model has " + model.length + " values, the network holds "
                    + modelLength());
        }
        pack(p -> modelSide(p, net.parameters().values()), model, false);
    }

    /** Values exchanged per worker in gradient exchange: trainable slices' gradients and running statistics. */
    public int exchangeLength() {
        return pack(this::exchangeSide, null, true);
    }

    private static float[] modelSide(Parameter p, float[] values) {
        return p.role() == ParameterVector.Role.OPTIMIZER ? null : values;
    }

    private float[] exchangeSide(Parameter p) {
        return p.role().trainable() ? net.parameters().grads()
                : p.role() == ParameterVector.Role.RUNNING_STAT ? net.parameters().values() : null;
    }

    /**
     * Copies, in layout order, every slice for which {@code side} names an array (null: skip) between that array
     * (at the slice's offset) and {@code packed}: into {@code packed} when {@code out}, from it otherwise. A null
     * {@code packed} only counts. Returns the packed length.
     */
    private int pack(Function<Parameter, float[]> side, float[] packed, boolean out) {
        int k = 0;
        for (Parameter p : net.parameters().parameters()) {
            float[] array = side.apply(p);
            if (array != null) {
                if (packed != null && out) {
                    System.arraycopy(array, p.offset(), packed, k, p.length());
                } else if (packed != null) {
                    System.arraycopy(packed, k, array, p.offset(), p.length());
                }
                k += p.length();
            }
        }
        return k;
    }

    /**
     * The driver's half of gradient exchange: from {@code state}, take the workers' mean gradients and running
     * statistics and apply this worker's optimiser once; returns the new state, written over {@code state} (one copy
     * of AlexNet's state with Adam is 0.7 GB: the driver does not allocate one each iteration). Equal to a local step
     * on the union of the workers' batches (with ghost BN of their batch) — for Adam and shadow clipping too.
     */
    public float[] applyMean(float[] state, float[] meanExchange, int step) {
        net.parameters().restore(state);
        net.parameters().zeroGrads();
        pack(this::exchangeSide, meanExchange, false);
        optimizer.step(net.parameters(), recipe.schedule().lr(step));
        System.arraycopy(net.parameters().values(), 0, state, 0, state.length);
        return state;
    }

    /** The batch of local step {@code step}: batch (step mod stepsPerEpoch) of epoch step / stepsPerEpoch. */
    private Batch batch(long step, PartitionBatches batches) {
        return batches.trainBatch(recipe.trainTransform(), (int) (step / recipe.stepsPerEpoch()),
                (int) (step % recipe.stepsPerEpoch()), recipe.batch());
    }

    /**
     * Evaluation sums (loss·n, top-1 hits, top-5 hits, n) of {@code model} ({@link #modelOf} values) over some
     * batches, in eval mode. The optimiser's slices are not read and stay as they were.
     */
    public double[] evaluateModel(float[] model, Iterator<Batch> batches) {
        restoreModel(model);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(0f);
        double[] sums = new double[4];
        while (batches.hasNext()) {
            Batch b = batches.next();
            Tensor logits = net.forward(b.images(), Mode.EVAL);
            sums[0] += ce.evaluate(logits, b.labels()).loss() * b.size();
            sums[1] += Evaluator.correct(logits, b.labels(), 1);
            sums[2] += Evaluator.correct(logits, b.labels(), Math.min(5, logits.sampleSize()));
            sums[3] += b.size();
        }
        return sums;
    }
}
