package org.xnornet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xnornet.data.ArrayDataset;
import org.xnornet.data.SyntheticData;
import org.xnornet.kernel.Gemm;
import org.xnornet.kernel.GemmBackend;
import org.xnornet.kernel.JavaGemm;
import org.xnornet.kernel.Parallel;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.optim.Adam;
import org.xnornet.optim.LrSchedule;
import org.xnornet.optim.Sgd;
import org.xnornet.quant.Scaling;

class LocalTrainerTest {
    private static final ModelSpec SPEC = ModelSpec.small(1, 12, 4, Scaling.parse("gamma2")).withBaseWidth(4);

    private static float[] trainOnce(int threads, long dataSeed) {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(threads);
            ArrayDataset data = SyntheticData.prototypes(96, new int[] {1, 12, 12}, 4, 1f, dataSeed);
            Network net = Network.build(SPEC);
            TrainingConfig cfg = new TrainingConfig(16, 8, 2, 0, new Sgd(0.9f, false, 1e-4f, false),
                    LrSchedule.constant(0.05f), 0.1f, 3, 100);
            new LocalTrainer(cfg).train(net, data, null);
            return net.parameters().snapshot();
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void sameSeedAndDataGiveBitIdenticalWeightsWhateverTheThreadCount() {
        GemmBackend before = Gemm.backend();
        try {
            for (GemmBackend backend : new GemmBackend[] {before, new JavaGemm()}) {
                Gemm.setBackend(backend);
                float[] one = trainOnce(1, 5);
                float[] two = trainOnce(2, 5);
                float[] four = trainOnce(4, 5);
                assertArrayEquals(one, two, backend.name());
                assertArrayEquals(one, four, backend.name());
            }
        } finally {
            Gemm.setBackend(before);
        }
    }

    @Test
    void differentDataGiveDifferentWeights() {
        assertFalse(java.util.Arrays.equals(trainOnce(2, 5), trainOnce(2, 6)));
    }

    @Test
    void smallBinaryNetLearnsASyntheticTask() {
        ArrayDataset all = SyntheticData.prototypes(768, new int[] {1, 12, 12}, 4, 1.5f, 1);
        ArrayDataset train = all.slice(0, 512, "train");
        ArrayDataset test = all.slice(512, 768, "held out");
        Network net = Network.build(SPEC.withBaseWidth(8));
        TrainingConfig cfg = new TrainingConfig(32, 0, 3, 0, Adam.defaults(), LrSchedule.constant(0.01f), 0f, 1, 100);
        LocalTrainer.Result r = new LocalTrainer(cfg).train(net, train, test);
        assertTrue(r.test().top1() > 0.9, "test accuracy " + r.test());
    }
}
