package org.xnornet.nn;

import org.xnornet.kernel.ConvGeometry;
import org.xnornet.kernel.Pool;
import org.xnornet.tensor.Tensor;

/** Max or average pooling over square windows; global average pooling is a window the size of the input. */
public final class Pooling implements Layer {
    /** Which reduction the window applies. */
    public enum Kind { MAX, AVG }

    private final String name;
    private final Kind kind;
    private final ConvGeometry geometry;
    private int[] argmax;
    private int[] inputShape;
    private Tensor output;
    private Tensor inputGrad;
    private int[] indices;

    public Pooling(String name, Kind kind, int[] inShape, int kernel, int stride, int padding) {
        Shapes.image(inShape, name);
        this.name = name;
        this.kind = kind;
        this.geometry = ConvGeometry.square(inShape[0], inShape[1], inShape[2], kernel, stride, padding);
    }

    /** Average over the whole H × W plane, giving [C, 1, 1]. */
    public static Pooling global(String name, int[] inShape) {
        Shapes.image(inShape, name);
        return new Pooling(name, Kind.AVG, inShape, inShape[1], 1, 0).checkSquare(inShape);
    }

    private Pooling checkSquare(int[] inShape) {
        if (inShape[1] != inShape[2]) {
            throw new IllegalArgumentException("global pooling " + name + " needs a square input, got "
                    + inShape[1] + "x" + inShape[2]);
        }
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public ConvGeometry geometry() {
        return geometry;
    }

    @Override
    public int[] outputShape(int[] in) {
        return new int[] {geometry.channels(), geometry.outHeight(), geometry.outWidth()};
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Shapes.requireImage(name, x, geometry.channels(), geometry.height(), geometry.width());
        int batch = x.dim(0);
        Tensor y = output = Tensor.reuse(output, batch, geometry.channels(), geometry.outHeight(),
                geometry.outWidth());
        if (kind == Kind.MAX && !mode.training()) {
            Pool.maxForwardEval(x.data(), batch, geometry, y.data());
            argmax = null;
        } else if (kind == Kind.MAX) {
            if (indices == null || indices.length != y.size()) {
                indices = new int[y.size()];
            }
            int[] idx = indices;
            Pool.maxForward(x.data(), batch, geometry, y.data(), idx);
            argmax = mode.training() ? idx : null;
        } else {
            Pool.avgForward(x.data(), batch, geometry, y.data());
        }
        inputShape = mode.training() ? x.shape() : null;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(name, inputShape);
        Tensor dx = inputGrad = Tensor.reuseZeroed(inputGrad, inputShape);
        if (kind == Kind.MAX) {
            Pool.maxBackward(dy.data(), argmax, inputShape[0], geometry, dx.data());
        } else {
            Pool.avgBackward(dy.data(), inputShape[0], geometry, dx.data());
        }
        inputShape = null;
        argmax = null;
        return dx;
    }
}
