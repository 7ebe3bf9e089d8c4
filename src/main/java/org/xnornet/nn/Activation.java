package org.xnornet.nn;

import org.xnornet.kernel.Parallel;
import org.xnornet.tensor.Tensor;

/**
 * Parameter-free element-wise activations: ReLU (derivative 0 at 0) and hardtanh on [−1, 1]
 * (derivative 1 on the closed interval). PReLU, which learns its slopes, is {@link PRelu}.
 */
public final class Activation implements Layer {
    /** The element-wise function. */
    public enum Kind { RELU, HARDTANH }

    private final String name;
    private final Kind kind;
    private Tensor input;
    private Tensor output;
    private Tensor inputGrad;

    public Activation(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    @Override
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public int[] outputShape(int[] in) {
        return in.clone();
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Tensor y = output = Tensor.reuse(output, x.shape());
        float[] a = x.data();
        float[] b = y.data();
        Parallel.forRange(a.length, 1 << 15, (from, to) -> apply(kind, a, b, from, to));
        input = mode.training() ? x : null;
        return y;
    }

    /** b[i] = f(a[i]) for i in [from, to), f the activation {@code kind} (a and b may be the same array). */
    public static void apply(Kind kind, float[] a, float[] b, int from, int to) {
        if (kind == Kind.RELU) {
            for (int i = from; i < to; i++) {
                b[i] = relu(a[i]);
            }
        } else {
            for (int i = from; i < to; i++) {
                b[i] = hardtanh(a[i]);
            }
        }
    }

    /** ReLU's float expression, the one every path evaluates (its loops are vectorised with it inlined). */
    public static float relu(float v) {
        return Math.max(v, 0f);
    }

    /** Hardtanh's float expression, likewise. */
    public static float hardtanh(float v) {
        return Math.max(-1f, Math.min(1f, v));
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(name, input);
        Tensor dx = inputGrad = Tensor.reuse(inputGrad, input.shape());
        float[] x = input.data();
        float[] g = dy.data();
        float[] d = dx.data();
        boolean relu = kind == Kind.RELU;
        Parallel.forRange(x.length, 1 << 15, (from, to) -> {
            if (relu) {
                for (int i = from; i < to; i++) {
                    // g where x > 0 (strictly), else 0, by a bit mask: signs are random, branches would miss.
                    int bits = Float.floatToRawIntBits(x[i]);
                    int positive = (~bits & -bits) >> 31;
                    d[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & positive);
                }
            } else {
                for (int i = from; i < to; i++) {
                    d[i] = Math.abs(x[i]) <= 1f ? g[i] : 0f;
                }
            }
        });
        input = null;
        return dx;
    }
}
