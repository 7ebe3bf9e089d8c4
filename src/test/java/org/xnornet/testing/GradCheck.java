package org.xnornet.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.xnornet.nn.Layer;
import org.xnornet.nn.Mode;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/**
 * Finite-difference gradient checks. The scalar checked is L = Σ r ⊙ layer(x) for a fixed random r. Each
 * sampled coordinate gets left and right one-sided differences; where they agree the analytic gradient
 * must match their mean, and where they disagree (a kink such as ReLU at 0 or hardtanh at ±1 inside the
 * step) it must lie between them — the subgradient condition.
 */
public final class GradCheck {
    private final double step;
    private final double atol;
    private final double rtol;
    private final int samplesPerTensor;

    public GradCheck(double step, double atol, double rtol, int samplesPerTensor) {
        this.step = step;
        this.atol = atol;
        this.rtol = rtol;
        this.samplesPerTensor = samplesPerTensor;
    }

    public static GradCheck standard() {
        return new GradCheck(1e-2, 4e-3, 1e-2, 48);
    }

    /** Random normal values with a share of exact zeros. */
    public static Tensor randomWithZeros(SplittableRandom rng, double zeroShare, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextDouble() < zeroShare ? 0f : (float) rng.nextGaussian();
        }
        return t;
    }

    /** Checks the layer's input gradient and the gradients of every trainable parameter it registered. */
    public void checkLayer(String what, Layer layer, ParameterVector params, Tensor x, Mode mode, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor probe = layer.forward(x, mode);
        float[] r = new float[probe.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) rng.nextGaussian();
        }
        params.zeroGrads();
        Tensor y = layer.forward(x, mode);
        Tensor dx = layer.backward(new Tensor(y.shape(), r.clone()));
        float[] paramGrads = params.grads().clone();
        DoubleSupplier loss = () -> dot(layer.forward(x, mode).data(), r);
        List<String> failures = new ArrayList<>();
        if (dx != null) {
            compare(what + " input", x.data(), dx.data(), loss, rng, failures);
        }
        for (Parameter p : params.parameters()) {
            if (!p.role().trainable()) {
                continue;
            }
            float[] analytic = new float[p.length()];
            System.arraycopy(paramGrads, p.offset(), analytic, 0, p.length());
            compareSlice(what + " " + p.name(), params.values(), p.offset(), analytic, loss, rng, failures);
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " gradient mismatches, first: " + String.join("\n", failures.subList(0,
                    Math.min(8, failures.size()))));
        }
    }

    /** Checks d f / d values against {@code analytic} on sampled coordinates of the whole array. */
    public void compare(String what, float[] values, float[] analytic, DoubleSupplier f, SplittableRandom rng,
                        List<String> failures) {
        float[] copy = analytic.clone();
        compareSlice(what, values, 0, copy, f, rng, failures);
    }

    private void compareSlice(String what, float[] values, int offset, float[] analytic, DoubleSupplier f,
                              SplittableRandom rng, List<String> failures) {
        int n = analytic.length;
        int samples = Math.min(n, samplesPerTensor);
        for (int s = 0; s < samples; s++) {
            int i = n <= samplesPerTensor ? s : rng.nextInt(n);
            int idx = offset + i;
            float orig = values[idx];
            values[idx] = (float) (orig + step);
            double plus = f.getAsDouble();
            values[idx] = (float) (orig - step);
            double minus = f.getAsDouble();
            values[idx] = orig;
            double mid = f.getAsDouble();
            double right = (plus - mid) / step;
            double left = (mid - minus) / step;
            double a = analytic[i];
            double tol = atol + rtol * Math.max(Math.abs(a), Math.max(Math.abs(left), Math.abs(right)));
            boolean ok;
            if (Math.abs(right - left) <= 2 * tol) {
                ok = Math.abs(a - (left + right) / 2) <= tol;
            } else {
                ok = a >= Math.min(left, right) - tol && a <= Math.max(left, right) + tol;
            }
            if (!ok) {
                failures.add(String.format("%s[%d] at %.4f: analytic %.6f, numeric left %.6f right %.6f", what, i, orig,
                        a, left, right));
            }
        }
    }

    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
