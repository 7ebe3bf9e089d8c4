package org.xnornet.model;

import org.xnornet.nn.Layer;
import org.xnornet.nn.Mode;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/**
 * A built model: its {@link ModelSpec}, the layer graph and the {@link ParameterVector} that holds every
 * value the graph learns or tracks. Input is [N, C, H, W]; output is logits [N, classes].
 */
public final class Network {
    private final ModelSpec spec;
    private final Layer root;
    private final ParameterVector parameters;

    Network(ModelSpec spec, Layer root, ParameterVector parameters) {
        this.spec = spec;
        this.root = root;
        this.parameters = parameters;
    }

    /** Builds the network a spec describes, initialised from the spec's seed. */
    public static Network build(ModelSpec spec) {
        return ModelBuilder.build(spec, Integer.MAX_VALUE);
    }

    /**
     * As {@link #build(ModelSpec)}, refusing with an {@link IllegalArgumentException} a spec of more than
     * {@code maxParameters} values before allocating them (a spec read from a file, checked against its size).
     */
    public static Network build(ModelSpec spec, long maxParameters) {
        return ModelBuilder.build(spec, maxParameters);
    }

    public ModelSpec spec() {
        return spec;
    }

    public Layer root() {
        return root;
    }

    public ParameterVector parameters() {
        return parameters;
    }

    public Tensor forward(Tensor x, Mode mode) {
        if (x.rank() != 4 || x.dim(1) != spec.channels() || x.dim(2) != spec.height() || x.dim(3) != spec.width()) {
            throw new IllegalArgumentException("model " + spec.architecture() + " takes [N, " + spec.channels() + ", "
                    + spec.height() + ", " + spec.width() + "] input, got " + x.shapeString());
        }
        return root.forward(x, mode);
    }

    public void backward(Tensor dLogits) {
        root.backward(dLogits);
    }
}
