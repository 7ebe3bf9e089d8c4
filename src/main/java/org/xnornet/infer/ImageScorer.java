package org.xnornet.infer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.xnornet.data.image.DecodedImage;
import org.xnornet.data.image.ImageTransform;
import org.xnornet.nn.SoftmaxCrossEntropy;
import org.xnornet.tensor.Tensor;

/**
 * Scores decoded images with a {@link PackedModel}: each through the model's evaluation transform
 * ({@link Preprocessing}), one forward pass per batch, then softmax probabilities (the loss's own formula,
 * {@link SoftmaxCrossEntropy#probabilities}) and the top k. Decoding stays with the caller
 * ({@code ImageDecoder.decode}), who decides whether a bad file stops the job or is counted and skipped.
 */
public final class ImageScorer {
    private final PackedModel model;
    private final ImageTransform transform;
    private final int topK;

    public ImageScorer(PackedModel model, int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("top-k must be at least 1, was " + topK);
        }
        this.model = model;
        this.transform = model.preprocessing().transform();
        this.topK = Math.min(topK, model.classes().count());
    }

    /** The model's input for these images: N × C × size × size, each image transformed as training evaluated it. */
    public Tensor input(List<DecodedImage> images) {
        return input(transform, images);
    }

    /** A batch N × C × size × size of {@code images}, each through the evaluation {@code transform}. */
    public static Tensor input(ImageTransform transform, List<DecodedImage> images) {
        int n = transform.sampleLength();
        Tensor x = Tensor.zeros(images.size(), transform.outputChannels(), transform.outputSize(),
                transform.outputSize());
        for (int i = 0; i < images.size(); i++) {
            transform.apply(images.get(i), null, x.data(), i * n);
        }
        return x;
    }

    /** Predictions for {@code images} (one batch), named by {@code sources}. */
    public List<Prediction> score(List<DecodedImage> images, List<String> sources) {
        if (images.size() != sources.size()) {
            throw new IllegalArgumentException(images.size() + " images but " + sources.size() + " sources");
        }
        if (images.isEmpty()) {
            return List.of();
        }
        return predictions(model.forward(input(images)).data(), sources);
    }

    /** Predictions from logits [N, classes] (row-major), one per source. */
    public List<Prediction> predictions(float[] logits, List<String> sources) {
        ModelClasses classes = model.classes();
        int k = classes.count();
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            int base = i * k;
            double[] p = SoftmaxCrossEntropy.probabilities(logits, base, k);
            List<Prediction.Ranked> top = new ArrayList<>();
            int[] order = ranking(logits, base, k);
            for (int r = 0; r < topK; r++) {
                int c = order[r];
                top.add(new Prediction.Ranked(c, classes.id(c), classes.name(c), p[c]));
            }
            out.add(new Prediction(sources.get(i), top, p));
        }
        return out;
    }

    /** Labels 0..classes−1 of the logits from {@code base}, highest first; equal logits (±0 alike) by label. */
    public static int[] ranking(float[] z, int base, int classes) {
        return IntStream.range(0, classes).boxed()
                .sorted(Comparator.<Integer, Float>comparing(c -> -(z[base + c] + 0f)).thenComparingInt(c -> c))
                .mapToInt(Integer::intValue).toArray();
    }

    public int topK() {
        return topK;
    }
}
