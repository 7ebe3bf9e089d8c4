package org.xnornet.kernel;

/**
 * Batch-normalisation kernels over NCHW arrays (a [N, F] array is N×F×1×1). Statistics are taken per
 * channel over a group of images [first, first+count): the whole batch, or one ghost sub-batch. Sums
 * are accumulated in double, in a fixed order.
 */
public final class Norm {
    private Norm() {
    }

    /** Per-channel mean and biased variance of images [first, first+count). */
    public static void moments(float[] x, int first, int count, int channels, int pixels, double[] mean,
                               double[] var) {
        Parallel.forRange(channels, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                double s = 0;
                for (int n = first; n < first + count; n++) {
                    int base = (n * channels + c) * pixels;
                    for (int p = 0; p < pixels; p++) {
                        s += x[base + p];
                    }
                }
                double m = s / ((double) count * pixels);
                double q = 0;
                for (int n = first; n < first + count; n++) {
                    int base = (n * channels + c) * pixels;
                    for (int p = 0; p < pixels; p++) {
                        double d = x[base + p] - m;
                        q += d * d;
                    }
                }
                mean[c] = m;
                var[c] = q / ((double) count * pixels);
            }
        });
    }

    /** y = gamma·(x − mean)·invStd + beta for images [first, first+count); xhat gets the normalised x. */
    public static void normalize(float[] x, int first, int count, int channels, int pixels, double[] mean,
                                 double[] invStd, float[] gamma, int gOff, float[] beta, int bOff,
                                 float[] xhat, float[] y) {
        Parallel.forRange(count * channels, 4, (from, to) -> {
            for (int nc = from; nc < to; nc++) {
                int n = first + nc / channels;
                int c = nc % channels;
                int base = (n * channels + c) * pixels;
                float m = (float) mean[c];
                float s = (float) invStd[c];
                float gm = gamma[gOff + c];
                float bt = beta[bOff + c];
                for (int p = 0; p < pixels; p++) {
                    float h = (x[base + p] - m) * s;
                    if (xhat != null) {
                        xhat[base + p] = h;
                    }
                    y[base + p] = gm * h + bt;
                }
            }
        });
    }

    /**
     * Backward through training-mode normalisation for images [first, first+count): adds dgamma and dbeta,
     * and writes dx = gamma·invStd/m · (m·dy − Σdy − xhat·Σ(dy·xhat)).
     */
    public static void backward(float[] dy, float[] xhat, int first, int count, int channels, int pixels,
                                double[] invStd, float[] gamma, int gOff, float[] dgamma, int dgOff,
                                float[] dbeta, int dbOff, float[] dx) {
        double m = (double) count * pixels;
        Parallel.forRange(channels, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                double sumDy = 0;
                double sumDyXhat = 0;
                for (int n = first; n < first + count; n++) {
                    int base = (n * channels + c) * pixels;
                    for (int p = 0; p < pixels; p++) {
                        sumDy += dy[base + p];
                        sumDyXhat += dy[base + p] * (double) xhat[base + p];
                    }
                }
                dgamma[dgOff + c] += (float) sumDyXhat;
                dbeta[dbOff + c] += (float) sumDy;
                double k = gamma[gOff + c] * invStd[c] / m;
                for (int n = first; n < first + count; n++) {
                    int base = (n * channels + c) * pixels;
                    for (int p = 0; p < pixels; p++) {
                        dx[base + p] = (float) (k * (m * dy[base + p] - sumDy - xhat[base + p] * sumDyXhat));
                    }
                }
            }
        });
    }
}
