package org.xnornet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;

/** Top-k and probabilities from logits: ordered, ties in label order, stable for huge logits, named classes. */
class ImageScorerTest {
    private static final PackedModel MODEL = PackedModel.export(Network.build(ModelSpec.parse(
            "arch=small_resnet,input=1x8x8,classes=4,width=1")), PackedModelTest.preprocessing(ModelSpec.parse(
            "arch=small_resnet,input=1x8x8,classes=4,width=1")), new ModelClasses(4, List.of("a", "b", "c", "d"),
            List.of("Ant", "Bee", "Cat", "Dog")));

    @Test
    void topKIsOrderedByLogitThenLabelWithSoftmaxProbabilities() {
        ImageScorer scorer = new ImageScorer(MODEL, 3);
        float[] logits = {1f, 3f, 3f, -2f, 1000f, -1000f, 0f, -0f};
        List<Prediction> p = scorer.predictions(logits, List.of("x.png", "y.png"));
        assertEquals(List.of(1, 2, 0), p.get(0).top().stream().map(Prediction.Ranked::label).toList());
        assertEquals("Bee", p.get(0).top().get(0).className());
        assertEquals("b", p.get(0).top().get(0).classId());
        double sum = 0;
        for (double v : p.get(0).probabilities()) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-12);
        double e = Math.exp(1) + 2 * Math.exp(3) + Math.exp(-2);
        assertEquals(Math.exp(3) / e, p.get(0).top().get(0).probability(), 1e-12);
        assertEquals(List.of(0, 2, 3), p.get(1).top().stream().map(Prediction.Ranked::label).toList(),
                "±0 tie in label order");
        assertEquals(1.0, p.get(1).top().get(0).probability());
        assertTrue(p.get(1).top().stream().allMatch(r -> !Double.isNaN(r.probability())));
    }

    @Test
    void kIsCappedAtTheClassCountAndMustBePositive() {
        assertEquals(4, new ImageScorer(MODEL, 10).topK());
        assertThrows(IllegalArgumentException.class, () -> new ImageScorer(MODEL, 0));
        assertArrayEquals(new int[] {0, 0}, new int[] {new ImageScorer(MODEL, 1).predictions(new float[8],
                List.of("a", "b")).get(0).label(), new ImageScorer(MODEL, 1).predictions(new float[8],
                List.of("a", "b")).get(1).label()});
    }
}
