package org.xnornet.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xnornet.data.Batch;
import org.xnornet.data.Dataset;
import org.xnornet.model.Network;
import org.xnornet.nn.SoftmaxCrossEntropy;
import org.xnornet.optim.Optimizer;

/**
 * Trains a network in one process on all kernel threads. Deterministic: the data order comes from
 * (seed, epoch), the model from its spec's seed, and every kernel sums in a fixed order, so the same seed
 * and data give bit-identical weights whatever the thread count — and a run resumed from a checkpoint of
 * iteration k continues exactly as the uninterrupted run would. Incomplete last batches are dropped.
 */
public final class LocalTrainer {
    private final TrainingConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();

    public LocalTrainer(TrainingConfig config) {
        this.config = config;
    }

    public LocalTrainer addListener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    /** Result of a run: final test metrics (null without test data) and iterations done. */
    public record Result(Evaluator.Metrics test, int iterations, double seconds) {
    }

    public Result train(Network net, Dataset train, Dataset test) {
        return train(net, train, test, null);
    }

    /**
     * Trains from {@code resume}'s state and iteration (null: from the network's initial state); the checkpoint
     * must come from the same spec with the same optimiser.
     */
    public Result train(Network net, Dataset train, Dataset test, Checkpoint resume) {
        int[] expected = {net.spec().channels(), net.spec().height(), net.spec().width()};
        if (!java.util.Arrays.equals(expected, train.sampleShape())) {
            throw new IllegalArgumentException("dataset " + train.description() + " has samples "
                    + java.util.Arrays.toString(train.sampleShape()) + " but the model takes "
                    + java.util.Arrays.toString(expected));
        }
        if (train.size() < config.batch()) {
            throw new IllegalArgumentException("dataset " + train.description() + " has " + train.size()
                    + " samples, fewer than one batch of " + config.batch());
        }
        Optimizer optimizer = config.optimizer().copy();
        optimizer.attach(net.parameters());
        if (resume != null) {
            resume.restoreInto(net, "checkpoint of iteration " + resume.iteration());
        }
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(config.labelSmoothing());
        int perEpoch = train.size() / config.batch();
        int total = config.epochs() * perEpoch;
        total = config.maxIterations() > 0 ? Math.min(total, config.maxIterations()) : total;
        int iteration = resume == null ? 0 : resume.iteration();
        int[] at = {iteration, iteration / perEpoch};
        TrainingListener.TrainingState state = new TrainingListener.TrainingState() {
            public int iteration() {
                return at[0];
            }

            public int epoch() {
                return at[1];
            }

            public Checkpoint checkpoint() {
                return Checkpoint.of(net, at[0], at[1]);
            }
        };
        for (TrainingListener l : listeners) {
            l.onStart(iteration, total);
        }
        long start = System.nanoTime();
        Evaluator.Metrics testMetrics = null;
        for (int epoch = iteration / perEpoch; epoch < config.epochs() && iteration < total; epoch++) {
            int[] order = BatchOrder.permutation(train.size(), config.seed(), epoch);
            for (int b = iteration - epoch * perEpoch; b < perEpoch && iteration < total; b++) {
                long t0 = System.nanoTime();
                Batch batch = Batch.gather(train, order, b * config.batch(), config.batch());
                float lr = config.schedule().lr(iteration);
                TrainStep.StepResult r = TrainStep.run(net, optimizer, batch, lr, config.ghostBatch(), loss);
                var stats = new TrainingListener.IterationStats(iteration, epoch, lr, r.loss(),
                        r.correct() / (double) r.count(), r.count(), (System.nanoTime() - t0) / 1e9, Map.of());
                iteration++;
                at[0] = iteration;
                at[1] = epoch;
                for (TrainingListener l : listeners) {
                    l.onIteration(stats, state);
                }
            }
            if (iteration == (epoch + 1) * perEpoch || iteration == total) {
                testMetrics = test == null ? null : Evaluator.evaluate(net, test, config.evalBatch());
                for (TrainingListener l : listeners) {
                    l.onEpoch(epoch, testMetrics, state);
                }
            }
        }
        if (testMetrics == null && test != null) {
            testMetrics = Evaluator.evaluate(net, test, config.evalBatch()); // resumed after its last iteration
        }
        for (TrainingListener l : listeners) {
            l.onFinish(state);
        }
        return new Result(testMetrics, iteration, (System.nanoTime() - start) / 1e9);
    }
}
