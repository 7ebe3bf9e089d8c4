package org.xnornet.nn;

import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/** PReLU with one learned slope per channel (initial 0.25): y = x for x > 0, a_c·x otherwise. */
public final class PRelu implements Layer {
    private final String name;
    private final int channels;
    private final Parameter slope;
    private Tensor input;

    public PRelu(String name, ParameterVector params, int channels) {
        this.name = name;
        this.channels = channels;
        this.slope = params.add(name + ".slope", ParameterVector.Role.ACTIVATION, channels);
        Init.constant(slope, 0.25f);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] outputShape(int[] in) {
        return in.clone();
    }

    private int pixels(Tensor x) {
        if (x.rank() < 2 || x.dim(1) != channels) {
            throw new IllegalArgumentException("layer " + name + " has " + channels + " slopes but got "
                    + x.shapeString());
        }
        return x.sampleSize() / channels;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        int pixels = pixels(x);
        Tensor y = Tensor.zeros(x.shape());
        float[] a = x.data();
        float[] b = y.data();
        float[] s = slope.values();
        for (int i = 0; i < a.length; i++) {
            float v = a[i];
            b[i] = v > 0 ? v : s[slope.offset() + (i / pixels) % channels] * v;
        }
        input = mode.training() ? x : null;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(name, input);
        int pixels = pixels(input);
        Tensor dx = Tensor.zeros(input.shape());
        float[] x = input.data();
        float[] g = dy.data();
        float[] d = dx.data();
        float[] s = slope.values();
        double[] ds = new double[channels];
        for (int i = 0; i < x.length; i++) {
            int c = (i / pixels) % channels;
            if (x[i] > 0) {
                d[i] = g[i];
            } else {
                d[i] = s[slope.offset() + c] * g[i];
                ds[c] += (double) g[i] * x[i];
            }
        }
        float[] sg = slope.grads();
        for (int c = 0; c < channels; c++) {
            sg[slope.offset() + c] += (float) ds[c];
        }
        input = null;
        return dx;
    }
}
