package org.xnornet.nn;

import java.util.List;
import org.xnornet.tensor.Tensor;

/**
 * A differentiable block. Its parameters are slices of the network's
 * {@link org.xnornet.tensor.ParameterVector}, registered when the layer is built. {@link #backward}
 * adds parameter gradients into the vector's gradient array and returns the input gradient; it follows
 * the training-mode {@link #forward} whose inputs the layer kept.
 */
public interface Layer {
    String name();

    /** Per-sample output shape for a per-sample input shape ([C, H, W] or [F]). */
    int[] outputShape(int[] inputShape);

    Tensor forward(Tensor x, Mode mode);

    Tensor backward(Tensor dy);

    /** Sub-layers, for traversal (summaries, packing for inference). */
    default List<Layer> children() {
        return List.of();
    }
}
