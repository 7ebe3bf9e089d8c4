package org.xnornet.nn;

import org.xnornet.tensor.Tensor;

/** Reshapes [N, C, H, W] to [N, C·H·W] without copying. */
public final class Flatten implements Layer {
    private final String name;
    private int[] inputShape;

    public Flatten(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] outputShape(int[] in) {
        int n = 1;
        for (int d : in) {
            n *= d;
        }
        return new int[] {n};
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        inputShape = x.shape();
        return x.reshape(x.dim(0), x.sampleSize());
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(name, inputShape);
        return dy.reshape(inputShape);
    }
}
