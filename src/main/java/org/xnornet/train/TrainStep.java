package org.xnornet.train;

import org.xnornet.data.Batch;
import org.xnornet.model.Network;
import org.xnornet.nn.Mode;
import org.xnornet.nn.SoftmaxCrossEntropy;
import org.xnornet.optim.Optimizer;
import org.xnornet.tensor.Tensor;

/**
 * One optimisation step: zero gradients, forward in training mode, loss, backward, optimiser update.
 * The local trainer and the Spark workers both call exactly this.
 */
public final class TrainStep {
    private TrainStep() {
    }

    /** Runs the step and returns the batch's mean loss and how many it classified correctly. */
    public static StepResult run(Network net, Optimizer optimizer, Batch batch, float lr, int ghostBatch,
                                 SoftmaxCrossEntropy loss) {
        StepResult r = gradients(net, batch, ghostBatch, loss);
        optimizer.step(net.parameters(), lr);
        return r;
    }

    /**
     * The step without the update: zeroes gradients, runs forward in training mode (which also updates the BN
     * running statistics) and backward, leaving the mean-loss gradients in the vector.
     */
    public static StepResult gradients(Network net, Batch batch, int ghostBatch, SoftmaxCrossEntropy loss) {
        net.parameters().zeroGrads();
        Tensor logits = net.forward(batch.images(), Mode.train(ghostBatch));
        SoftmaxCrossEntropy.Result r = loss.evaluate(logits, batch.labels());
        if (!Double.isFinite(r.loss())) {
            throw new TrainingFailedException("training diverged: the loss is " + r.loss() + "; lower the learning "
                    + "rate (key 'lr')");
        }
        net.backward(r.gradient());
        return new StepResult(r.loss(), Evaluator.correct(logits, batch.labels(), 1), batch.size());
    }

    /** Loss and top-1 hits of one step, on the batch before the update. */
    public record StepResult(double loss, int correct, int count) {
    }
}
