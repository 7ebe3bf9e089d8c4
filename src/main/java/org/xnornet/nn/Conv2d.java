package org.xnornet.nn;

import java.util.random.RandomGenerator;
import org.xnornet.kernel.Conv;
import org.xnornet.kernel.ConvGeometry;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/** Full-precision 2-D convolution (weights He-initialised, optional bias). */
public final class Conv2d implements Layer {
    private final String name;
    private final ConvGeometry geometry;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private boolean inputGradient = true;
    private Tensor input;
    private Tensor output;
    private Tensor inputGrad;

    public Conv2d(String name, ParameterVector params, int[] inShape, int out, int kernel, int stride, int padding,
                  boolean withBias, RandomGenerator rng) {
        Shapes.image(inShape, name);
        this.name = name;
        this.geometry = ConvGeometry.square(inShape[0], inShape[1], inShape[2], kernel, stride, padding);
        this.out = out;
        this.weight = params.add(name + ".weight", ParameterVector.Role.WEIGHT, out * geometry.patchSize());
        this.bias = withBias ? params.add(name + ".bias", ParameterVector.Role.BIAS, out) : null;
        Init.heNormal(weight, geometry.patchSize(), rng);
    }

    @Override
    public String name() {
        return name;
    }

    /** For a network's first layer: backward then skips the input gradient and returns null. */
    public Conv2d withoutInputGradient() {
        inputGradient = false;
        return this;
    }

    public ConvGeometry geometry() {
        return geometry;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null for a convolution without one. */
    public Parameter bias() {
        return bias;
    }

    public int outChannels() {
        return out;
    }

    @Override
    public int[] outputShape(int[] in) {
        return new int[] {out, geometry.outHeight(), geometry.outWidth()};
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Shapes.requireImage(name, x, geometry.channels(), geometry.height(), geometry.width());
        int batch = x.dim(0);
        Tensor y = output = Tensor.reuse(output, batch, out, geometry.outHeight(), geometry.outWidth());
        Conv.forward(x.data(), false, batch, geometry, weight.values(), weight.offset(), out,
                bias == null ? null : bias.values(), bias == null ? 0 : bias.offset(), y.data());
        input = mode.training() ? x : null;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(name, input);
        Tensor dx = inputGradient ? inputGrad = Tensor.reuse(inputGrad, input.shape()) : null;
        Conv.backward(input.data(), false, input.dim(0), geometry, weight.values(), weight.offset(), out, dy.data(),
                weight.grads(), weight.offset(), bias == null ? null : bias.grads(), bias == null ? 0 : bias.offset(),
                dx == null ? null : dx.data());
        input = null;
        return dx;
    }
}
