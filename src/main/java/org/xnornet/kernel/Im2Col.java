package org.xnornet.kernel;

/**
 * Unfolds images into the patch matrix a convolution multiplies, and folds gradients back.
 * The matrix for a chunk of {@code count} images has {@link ConvGeometry#patchSize()} rows and
 * {@code count × outPixels} columns; column {@code i·outPixels + pixel} belongs to image {@code i}.
 */
public final class Im2Col {
    private Im2Col() {
    }

    /** Fills {@code col} from images [first, first+count) of {@code x}; padding reads as zero. */
    public static void im2col(float[] x, int first, int count, ConvGeometry g, float[] col) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int cols = count * oh * ow;
        int imageSize = g.channels() * g.inPixels();
        Parallel.forRange(g.patchSize(), 4, (from, to) -> {
            for (int row = from; row < to; row++) {
                int c = row / (g.kernelH() * g.kernelW());
                int ki = (row / g.kernelW()) % g.kernelH();
                int kj = row % g.kernelW();
                int dst = row * cols;
                for (int img = 0; img < count; img++) {
                    int plane = (first + img) * imageSize + c * g.inPixels();
                    for (int y = 0; y < oh; y++) {
                        int iy = y * g.stride() - g.padding() + ki;
                        if (iy < 0 || iy >= g.height()) {
                            java.util.Arrays.fill(col, dst, dst + ow, 0f);
                            dst += ow;
                            continue;
                        }
                        int rowBase = plane + iy * g.width();
                        for (int xo = 0; xo < ow; xo++) {
                            int ix = xo * g.stride() - g.padding() + kj;
                            col[dst++] = ix >= 0 && ix < g.width() ? x[rowBase + ix] : 0f;
                        }
                    }
                }
            }
        });
    }

    /** Adds the patch-matrix gradient {@code col} into images [first, first+count) of {@code dx}. */
    public static void col2im(float[] col, int first, int count, ConvGeometry g, float[] dx) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int cols = count * oh * ow;
        int khw = g.kernelH() * g.kernelW();
        int imageSize = g.channels() * g.inPixels();
        // Parallel over (image, channel) planes: each owns its own region of dx, so no races and a fixed order.
        Parallel.forRange(count * g.channels(), 1, (from, to) -> {
            for (int ic = from; ic < to; ic++) {
                int img = ic / g.channels();
                int c = ic % g.channels();
                int plane = (first + img) * imageSize + c * g.inPixels();
                for (int k = 0; k < khw; k++) {
                    int ki = k / g.kernelW();
                    int kj = k % g.kernelW();
                    int src = (c * khw + k) * cols + img * oh * ow;
                    for (int y = 0; y < oh; y++) {
                        int iy = y * g.stride() - g.padding() + ki;
                        if (iy < 0 || iy >= g.height()) {
                            src += ow;
                            continue;
                        }
                        int rowBase = plane + iy * g.width();
                        for (int xo = 0; xo < ow; xo++, src++) {
                            int ix = xo * g.stride() - g.padding() + kj;
                            if (ix >= 0 && ix < g.width()) {
                                dx[rowBase + ix] += col[src];
                            }
                        }
                    }
                }
            }
        });
    }
}
