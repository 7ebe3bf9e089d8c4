package org.xnornet.kernel;

/**
 * Stateless 2-D convolution kernels (cross-correlation, as every framework defines it) over NCHW arrays,
 * by im2col and GEMM. Images are processed in chunks whose patch matrix stays under
 * {@link #PATCH_BUDGET} floats; the chunking depends only on shapes, so results are deterministic.
 * Weights are {@code [out][channels][kh][kw]}.
 */
public final class Conv {
    /** Largest patch matrix, in floats, built at once (64 MiB). */
    public static final int PATCH_BUDGET = 16 << 20;

    private Conv() {
    }

    static int chunk(int batch, ConvGeometry g) {
        long perImage = (long) g.patchSize() * g.outPixels();
        return (int) Math.max(1, Math.min(batch, PATCH_BUDGET / Math.max(1, perImage)));
    }

    /** y[n][o] = Σ w[o] ⋆ x[n] (+ bias[o]); y has {@code batch × out × outPixels} values. */
    public static void forward(float[] x, int batch, ConvGeometry g, float[] w, int wOff, int out,
                               float[] bias, int biasOff, float[] y) {
        int k = g.patchSize();
        int pixels = g.outPixels();
        int chunk = chunk(batch, g);
        float[] col = Scratch.floats(Scratch.PATCH, k * chunk * pixels);
        float[] tmp = Scratch.floats(Scratch.OUTPUT, out * chunk * pixels);
        for (int first = 0; first < batch; first += chunk) {
            int count = Math.min(chunk, batch - first);
            int cols = count * pixels;
            Im2Col.im2col(x, first, count, g, col);
            Gemm.sgemm(false, false, out, cols, k, 1f, w, wOff, k, col, 0, cols, 0f, tmp, 0, cols);
            int base = first;
            Parallel.forRange(count * out, 8, (from, to) -> {
                for (int io = from; io < to; io++) {
                    int img = io / out;
                    int o = io % out;
                    int dst = ((base + img) * out + o) * pixels;
                    System.arraycopy(tmp, o * cols + img * pixels, y, dst, pixels);
                    if (bias != null) {
                        float b = bias[biasOff + o];
                        for (int p = 0; p < pixels; p++) {
                            y[dst + p] += b;
                        }
                    }
                }
            });
        }
    }

    /**
     * Backward pass: adds the weight gradient into {@code dw} (and {@code dbias} when not null), and, when
     * {@code dx} is not null, adds the input gradient into it.
     */
    public static void backward(float[] x, int batch, ConvGeometry g, float[] w, int wOff, int out, float[] dy,
                                float[] dw, int dwOff, float[] dbias, int dbOff, float[] dx) {
        int k = g.patchSize();
        int pixels = g.outPixels();
        int chunk = chunk(batch, g);
        float[] col = Scratch.floats(Scratch.PATCH, k * chunk * pixels);
        float[] dyc = Scratch.floats(Scratch.OUTPUT, out * chunk * pixels);
        for (int first = 0; first < batch; first += chunk) {
            int count = Math.min(chunk, batch - first);
            int cols = count * pixels;
            gatherOutputs(dy, first, count, out, pixels, dyc);
            Im2Col.im2col(x, first, count, g, col);
            Gemm.sgemm(false, true, out, k, cols, 1f, dyc, 0, cols, col, 0, cols, 1f, dw, dwOff, k);
            if (dx != null) {
                Gemm.sgemm(true, false, k, cols, out, 1f, w, wOff, k, dyc, 0, cols, 0f, col, 0, cols);
                Im2Col.col2im(col, first, count, g, dx);
            }
        }
        if (dbias != null) {
            for (int o = 0; o < out; o++) {
                double s = 0;
                for (int n = 0; n < batch; n++) {
                    int base = (n * out + o) * pixels;
                    for (int p = 0; p < pixels; p++) {
                        s += dy[base + p];
                    }
                }
                dbias[dbOff + o] += (float) s;
            }
        }
    }

    /** Copies images [first, first+count) of an NCHW output into a {@code [out][count·pixels]} matrix. */
    private static void gatherOutputs(float[] dy, int first, int count, int out, int pixels, float[] dst) {
        int cols = count * pixels;
        Parallel.forRange(count * out, 8, (from, to) -> {
            for (int io = from; io < to; io++) {
                int img = io / out;
                int o = io % out;
                System.arraycopy(dy, ((first + img) * out + o) * pixels, dst, o * cols + img * pixels, pixels);
            }
        });
    }
}
