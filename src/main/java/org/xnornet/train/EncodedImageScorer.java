package org.xnornet.train;

import java.util.ArrayList;
import java.util.Arrays;
import org.xnornet.infer.ImageScorer;
import java.util.List;
import org.xnornet.data.image.BadImageException;
import org.xnornet.data.image.DecodedImage;
import org.xnornet.data.image.ImageDecoder;
import org.xnornet.data.image.ImageTransform;
import org.xnornet.infer.PackedNetwork;
import org.xnornet.model.Network;
import org.xnornet.nn.SoftmaxCrossEntropy;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/**
 * Scores encoded images (JPEG, PNG: the bytes a dataset stores) with a trained network, without Spark or
 * DataFrames: decode ({@link ImageDecoder}) → evaluation transform → one batch → {@link PackedNetwork} (exact packed
 * inference) → softmax ({@link SoftmaxCrossEntropy#logSumExp}, the training loss's normaliser) → classes ranked by
 * logit. Spark's batch scoring and the Spark ML model run one per partition. Buffers are reused, so one instance
 * serves one thread at a time.
 */
public final class EncodedImageScorer {
    /** One image's result: logits, probabilities and labels by decreasing logit (ties: lower label first). */
    public record Scored(float[] logits, double[] probabilities, int[] ranking) {
        /** The predicted label, the argmax of the logits. */
        public int top1() {
            return ranking[0];
        }
    }

    private final PackedNetwork packed;
    private final ImageTransform transform;
    private final int classes;

    /** Scores with {@code net}'s current weights (packed now) and the evaluation {@code transform}. */
    public EncodedImageScorer(Network net, ImageTransform transform) {
        if (transform.training()) {
            throw new IllegalArgumentException("scoring needs an evaluation transform, got " + transform);
        }
        this.packed = PackedNetwork.of(net);
        this.transform = transform;
        this.classes = net.spec().classes();
    }

    /**
     * The network of a checkpoint: of the model alone, or of a whole training state (model.xnc), whose values start
     * with the model's and go on with the optimiser's, which scoring does not need.
     */
    public static Network network(Checkpoint c, String source) throws CheckpointException {
        Network net = Network.build(c.modelSpec());
        ParameterVector p = net.parameters();
        if (!c.layout().startsWith(p.layout()) || c.state().length < p.size()) {
            throw new CheckpointException(source + ": its parameter layout is not that of model '" + c.spec()
                    + "'; the file was not written for this model");
        }
        p.restore(Arrays.copyOf(c.state(), p.size()));
        return net;
    }

    /** Scores one batch; {@code names} name each image in errors (a path, or a file and row). */
    public List<Scored> score(List<byte[]> images, List<String> names) throws BadImageException {
        List<DecodedImage> decoded = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            decoded.add(ImageDecoder.decode(images.get(i), names.get(i)));
        }
        float[] z = packed.forward(ImageScorer.input(transform, decoded)).data();
        Scored[] out = new Scored[images.size()];
        for (int i = 0; i < out.length; i++) {
            int base = i * classes;
            out[i] = new Scored(Arrays.copyOfRange(z, base, base + classes),
                    SoftmaxCrossEntropy.probabilities(z, base, classes), ImageScorer.ranking(z, base, classes));
        }
        return List.of(out);
    }

    public int classes() {
        return classes;
    }

    public ImageTransform transform() {
        return transform;
    }
}
