package org.xnornet.nn;

import java.util.ArrayList;
import java.util.List;
import org.xnornet.tensor.Tensor;

/** Layers applied in order; backward runs them in reverse and stops where a layer returns no input gradient. */
public final class Sequential implements Layer {
    private final String name;
    private final List<Layer> layers;

    public Sequential(String name, List<Layer> layers) {
        this.name = name;
        this.layers = List.copyOf(layers);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Layer> children() {
        return layers;
    }

    @Override
    public int[] outputShape(int[] in) {
        int[] s = in;
        for (Layer l : layers) {
            s = l.outputShape(s);
        }
        return s;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Tensor h = x;
        for (Layer l : layers) {
            if (LayerTimer.ENABLED && l.children().isEmpty()) {
                long t = System.nanoTime();
                h = l.forward(h, mode);
                LayerTimer.add(l, false, System.nanoTime() - t);
            } else {
                h = l.forward(h, mode);
            }
        }
        return h;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Tensor g = dy;
        for (int i = layers.size() - 1; i >= 0 && g != null; i--) {
            Layer l = layers.get(i);
            if (LayerTimer.ENABLED && l.children().isEmpty()) {
                long t = System.nanoTime();
                g = l.backward(g);
                LayerTimer.add(l, true, System.nanoTime() - t);
            } else {
                g = l.backward(g);
            }
        }
        return g;
    }

    /** Collects layers while a model is being built, tracking the per-sample shape. */
    public static final class Builder {
        private final String name;
        private final List<Layer> layers = new ArrayList<>();
        private int[] shape;

        public Builder(String name, int[] inputShape) {
            this.name = name;
            this.shape = inputShape.clone();
        }

        public Builder add(Layer layer) {
            shape = layer.outputShape(shape);
            layers.add(layer);
            return this;
        }

        public int[] shape() {
            return shape.clone();
        }

        public Sequential build() {
            return new Sequential(name, layers);
        }
    }
}
