package org.xnornet.data.image;

/**
 * How each output sample along one axis is made from source samples: up to {@link #taps} source indices
 * with weights summing to 1. The source interval {@code [start, start + length)} (fractional) maps onto
 * {@code out} samples: shrinking averages the exact area each output pixel covers (a box filter, so
 * downscaling is antialiased); enlarging interpolates linearly between pixel centres (half-pixel
 * convention, as PIL, OpenCV and torchvision do). Indices are clamped to {@code [lo, hi]}.
 */
final class AxisWeights {
    final int out;
    final int taps;
    final int[] index;
    final float[] weight;

    private AxisWeights(int out, int taps) {
        this.out = out;
        this.taps = taps;
        this.index = new int[out * taps];
        this.weight = new float[out * taps];
    }

    static AxisWeights of(double start, double length, int out, int lo, int hi) {
        double scale = length / out;
        return scale > 1 ? area(start, scale, out, lo, hi) : linear(start, scale, out, lo, hi);
    }

    private static AxisWeights area(double start, double scale, int out, int lo, int hi) {
        AxisWeights a = new AxisWeights(out, (int) Math.ceil(scale) + 1);
        for (int i = 0; i < out; i++) {
            double from = start + i * scale;
            double to = from + scale;
            int first = (int) Math.floor(from);
            int last = Math.min((int) Math.ceil(to) - 1, first + a.taps - 1);
            double sum = 0;
            for (int j = first, k = i * a.taps; j <= last; j++, k++) {
                double w = Math.min(to, j + 1) - Math.max(from, j);
                a.index[k] = clamp(j, lo, hi);
                a.weight[k] = (float) Math.max(w, 0);
                sum += a.weight[k];
            }
            for (int k = i * a.taps; k < (i + 1) * a.taps; k++) {
                a.weight[k] /= (float) sum;
                if (k - i * a.taps > last - first) {
                    a.index[k] = a.index[i * a.taps];
                }
            }
        }
        return a;
    }

    private static AxisWeights linear(double start, double scale, int out, int lo, int hi) {
        AxisWeights a = new AxisWeights(out, 2);
        for (int i = 0; i < out; i++) {
            double s = start + (i + 0.5) * scale - 0.5;
            int j = (int) Math.floor(s);
            float f = (float) (s - j);
            a.index[2 * i] = clamp(j, lo, hi);
            a.index[2 * i + 1] = clamp(j + 1, lo, hi);
            a.weight[2 * i] = 1 - f;
            a.weight[2 * i + 1] = f;
        }
        return a;
    }

    /** The same weights with the output order reversed: a horizontal flip at no extra cost. */
    AxisWeights reversed() {
        AxisWeights r = new AxisWeights(out, taps);
        for (int i = 0; i < out; i++) {
            System.arraycopy(index, (out - 1 - i) * taps, r.index, i * taps, taps);
            System.arraycopy(weight, (out - 1 - i) * taps, r.weight, i * taps, taps);
        }
        return r;
    }

    int min() {
        int m = Integer.MAX_VALUE;
        for (int v : index) {
            m = Math.min(m, v);
        }
        return m;
    }

    int max() {
        int m = Integer.MIN_VALUE;
        for (int v : index) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : Math.min(v, hi);
    }
}
