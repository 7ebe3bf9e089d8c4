package org.xnornet.nn;

import java.util.random.RandomGenerator;
import org.xnornet.kernel.Gemm;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/** Fully connected layer y = x·Wᵀ + b on [N, F] (any input is flattened per sample). */
public final class Linear implements Layer {
    private final String name;
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private Tensor input;
    private Tensor output;
    private Tensor inputGrad;

    public Linear(String name, ParameterVector params, int in, int out, boolean withBias, RandomGenerator rng) {
        this.name = name;
        this.in = in;
        this.out = out;
        this.weight = params.add(name + ".weight", ParameterVector.Role.WEIGHT, out * in);
        this.bias = withBias ? params.add(name + ".bias", ParameterVector.Role.BIAS, out) : null;
        Init.uniformFanIn(weight, in, rng);
        if (bias != null) {
            Init.uniformFanIn(bias, in, rng);
        }
    }

    @Override
    public String name() {
        return name;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return new int[] {out};
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Shapes.requireFeatures(name, x, in);
        int batch = x.dim(0);
        Tensor y = output = Tensor.reuse(output, batch, out);
        float[] yd = y.data();
        if (bias != null) {
            for (int n = 0; n < batch; n++) {
                System.arraycopy(bias.values(), bias.offset(), yd, n * out, out);
            }
        }
        Gemm.sgemm(false, true, batch, out, in, 1f, x.data(), 0, in, weight.values(), weight.offset(), in,
                bias == null ? 0f : 1f, yd, 0, out);
        input = mode.training() ? x : null;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(name, input);
        int batch = input.dim(0);
        Gemm.sgemm(true, false, out, in, batch, 1f, dy.data(), 0, out, input.data(), 0, in, 1f,
                weight.grads(), weight.offset(), in);
        if (bias != null) {
            float[] g = bias.grads();
            for (int o = 0; o < out; o++) {
                double s = 0;
                for (int n = 0; n < batch; n++) {
                    s += dy.data()[n * out + o];
                }
                g[bias.offset() + o] += (float) s;
            }
        }
        Tensor dx = inputGrad = Tensor.reuse(inputGrad, input.shape());
        Gemm.sgemm(false, false, batch, in, out, 1f, dy.data(), 0, out, weight.values(), weight.offset(), in, 0f,
                dx.data(), 0, in);
        input = null;
        return dx;
    }
}
