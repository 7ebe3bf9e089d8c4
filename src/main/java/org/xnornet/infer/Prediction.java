package org.xnornet.infer;

import java.util.List;

/**
 * A model's answer for one image: where it came from, the {@code k} most probable classes (most probable first;
 * equal logits in label order) and the probabilities of every class (softmax of the logits).
 */
public record Prediction(String source, List<Ranked> top, double[] probabilities) {
    /** One class of the top k: its label, id, name (null when unknown) and probability. */
    public record Ranked(int label, String classId, String className, double probability) {
    }

    public Prediction {
        top = List.copyOf(top);
    }

    /** The most probable class's label. */
    public int label() {
        return top.get(0).label();
    }
}
