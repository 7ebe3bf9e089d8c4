package org.xnornet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;
import org.xnornet.testing.GradCheck;

/**
 * Ghost batch norm over P sub-batches equals P separate batch norms on those sub-batches, including the
 * running statistics once the P copies are averaged: the property distributed training relies on.
 */
class GhostBatchNormTest {
    @Test
    void ghostBatchEqualsSeparateSubBatchesAndAveragedRunningStats() {
        int p = 3;
        int b = 4;
        int channels = 2;
        Tensor whole = GradCheck.randomWithZeros(new SplittableRandom(4), 0.05, p * b, channels, 3, 3);
        ParameterVector ghostParams = new ParameterVector();
        BatchNorm ghost = new BatchNorm("bn", ghostParams, channels);
        Tensor yGhost = ghost.forward(whole, Mode.train(b));
        int per = b * channels * 9;
        float[] meanAvg = new float[channels];
        float[] varAvg = new float[channels];
        for (int k = 0; k < p; k++) {
            ParameterVector wp = new ParameterVector();
            BatchNorm worker = new BatchNorm("bn", wp, channels);
            float[] part = new float[per];
            System.arraycopy(whole.data(), k * per, part, 0, per);
            Tensor y = worker.forward(new Tensor(new int[] {b, channels, 3, 3}, part), Mode.TRAIN);
            for (int i = 0; i < per; i++) {
                assertEquals(yGhost.data()[k * per + i], y.data()[i], 1e-6f);
            }
            for (int c = 0; c < channels; c++) {
                meanAvg[c] += worker.runningMean().get(c) / p;
                varAvg[c] += worker.runningVar().get(c) / p;
            }
        }
        for (int c = 0; c < channels; c++) {
            assertEquals(meanAvg[c], ghost.runningMean().get(c), 1e-6f);
            assertEquals(varAvg[c], ghost.runningVar().get(c), 1e-6f);
        }
    }
}
