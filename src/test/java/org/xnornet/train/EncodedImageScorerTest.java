package org.xnornet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xnornet.data.image.BadImageException;
import org.xnornet.data.image.DecodedImage;
import org.xnornet.data.image.ImageDecoder;
import org.xnornet.data.image.ImageEncoder;
import org.xnornet.data.image.ImageTransform;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.nn.Mode;
import org.xnornet.tensor.Tensor;
import org.xnornet.testing.TrainedNets;

/** The scorer against the training graph's evaluation forward on the same decoded, transformed images. */
class EncodedImageScorerTest {
    private static final ImageTransform EVAL = ImageTransform.eval(28, 28, 1, new float[] {0.286f},
            new float[] {0.353f});

    @Test
    void scoresAreTheEvaluationForwardsFromAWholeTrainingState() throws Exception {
        SplittableRandom rng = new SplittableRandom(7);
        Network net = Network.build(ModelSpec.parse("arch=small_resnet,width=4"));
        TrainedNets.train(net, rng);
        TrainedNets.perturb(net.parameters(), rng);
        Network restored = EncodedImageScorer.network(Checkpoint.of(net, 2, 0), "test");
        List<byte[]> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] pixels = new byte[28 * 28];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (byte) rng.nextInt(256);
            }
            images.add(ImageEncoder.png(new DecodedImage(28, 28, 1, pixels)));
            names.add("image " + i);
        }
        Tensor x = Tensor.zeros(5, 1, 28, 28);
        for (int i = 0; i < 5; i++) {
            EVAL.apply(ImageDecoder.decode(images.get(i), names.get(i)), null, x.data(), i * 784);
        }
        float[] z = net.forward(x, Mode.EVAL).data();
        List<EncodedImageScorer.Scored> scored = new EncodedImageScorer(restored, EVAL).score(images, names);
        for (int i = 0; i < 5; i++) {
            EncodedImageScorer.Scored s = scored.get(i);
            double sum = 0;
            for (int k = 0; k < 10; k++) {
                assertEquals(z[i * 10 + k], s.logits()[k], 1e-5 * Math.max(1, Math.abs(z[i * 10 + k])));
                sum += s.probabilities()[k];
            }
            assertEquals(1, sum, 1e-12);
            assertEquals(TrainedNets.argmax(z, 10)[i], s.top1());
            for (int k = 1; k < 10; k++) {
                assertTrue(s.logits()[s.ranking()[k - 1]] >= s.logits()[s.ranking()[k]]);
                assertTrue(s.probabilities()[s.ranking()[k - 1]] >= s.probabilities()[s.ranking()[k]]);
            }
            int[] sorted = s.ranking().clone();
            java.util.Arrays.sort(sorted);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        }
    }

    @Test
    void refusesAnotherModelsStateAndNamesABadImage() throws Exception {
        Network wide = Network.build(ModelSpec.parse("arch=small_resnet,width=8"));
        Checkpoint c = Checkpoint.of(wide, 0, 0);
        Checkpoint mislabelled = new Checkpoint("", "arch=small_resnet,width=4", c.layout(), 0, 0, c.state());
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> EncodedImageScorer.network(mislabelled, "x.xnc"));
        assertTrue(e.getMessage().startsWith("x.xnc: "), e.getMessage());
        EncodedImageScorer scorer = new EncodedImageScorer(EncodedImageScorer.network(c, "c"), EVAL);
        BadImageException bad = assertThrows(BadImageException.class,
                () -> scorer.score(List.of(new byte[] {9, 9, 9}), List.of("rows/3")));
        assertEquals("rows/3", bad.source());
        assertThrows(IllegalArgumentException.class, () -> new EncodedImageScorer(wide,
                ImageTransform.train(28, 1, new float[] {0.5f}, new float[] {0.5f})));
    }
}
