package org.xnornet.kernel;

import java.util.Arrays;

/**
 * Unfolds images into the patch matrix a convolution multiplies, and folds gradients back.
 * The matrix for a chunk of {@code count} images has {@link ConvGeometry#patchSize()} rows and
 * {@code count × outPixels} columns; column {@code i·outPixels + pixel} belongs to image {@code i}.
 * Each output row's in-bounds span is computed once, so the inner loops carry no bounds tests.
 */
public final class Im2Col {
    private Im2Col() {
    }

    /**
     * sign(v) with sign(±0) = +1, without a branch (random signs would defeat branch prediction): v + 0
     * turns −0 into +0, and its sign bit is copied onto 1.0.
     */
    public static float sign(float v) {
        return Float.intBitsToFloat((Float.floatToRawIntBits(v + 0f) & 0x80000000) | 0x3f800000);
    }

    /** First output column whose input column ox·stride − pad + kj is ≥ 0. */
    private static int firstValid(int kj, ConvGeometry g) {
        int start = g.padding() - kj;
        return start <= 0 ? 0 : (start + g.stride() - 1) / g.stride();
    }

    /** One past the last output column whose input column is < width. */
    private static int endValid(int kj, ConvGeometry g, int ow) {
        int limit = g.width() + g.padding() - kj;
        if (limit <= 0) {
            return 0;
        }
        return Math.min(ow, (limit - 1) / g.stride() + 1);
    }

    /**
     * Fills {@code col} from images [first, first+count) of {@code x}; padding reads as zero. With
     * {@code signs} it writes sign(x) (sign(0) = +1) instead of x, fusing a binary layer's input quantizer.
     */
    public static void im2col(float[] x, int first, int count, ConvGeometry g, float[] col, boolean signs) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int cols = count * oh * ow;
        int imageSize = g.channels() * g.inPixels();
        int stride = g.stride();
        Parallel.forRange(g.patchSize(), 4, (from, to) -> {
            for (int row = from; row < to; row++) {
                int c = row / (g.kernelH() * g.kernelW());
                int ki = (row / g.kernelW()) % g.kernelH();
                int kj = row % g.kernelW();
                int x0 = Math.min(firstValid(kj, g), ow);
                int x1 = Math.max(x0, endValid(kj, g, ow));
                int dst = row * cols;
                for (int img = 0; img < count; img++) {
                    int plane = (first + img) * imageSize + c * g.inPixels();
                    for (int y = 0; y < oh; y++, dst += ow) {
                        int iy = y * stride - g.padding() + ki;
                        if (iy < 0 || iy >= g.height()) {
                            Arrays.fill(col, dst, dst + ow, 0f);
                            continue;
                        }
                        if (x0 > 0) {
                            Arrays.fill(col, dst, dst + x0, 0f);
                        }
                        if (x1 < ow) {
                            Arrays.fill(col, dst + x1, dst + ow, 0f);
                        }
                        int src = plane + iy * g.width() - g.padding() + kj;
                        if (signs && stride == 1) {
                            for (int xo = x0; xo < x1; xo++) {
                                col[dst + xo] = sign(x[src + xo]);
                            }
                        } else if (signs) {
                            for (int xo = x0; xo < x1; xo++) {
                                col[dst + xo] = sign(x[src + xo * stride]);
                            }
                        } else if (stride == 1) {
                            System.arraycopy(x, src + x0, col, dst + x0, x1 - x0);
                        } else {
                            for (int xo = x0; xo < x1; xo++) {
                                col[dst + xo] = x[src + xo * stride];
                            }
                        }
                    }
                }
            }
        });
    }

    /** Floats {@link #splitPhases} writes for one image. */
    public static int phasesSize(ConvGeometry g) {
        return g.channels() * g.height() * g.stride() * phaseLength(g);
    }

    private static int phaseLength(ConvGeometry g) {
        return (g.width() + g.stride() - 1) / g.stride();
    }

    /**
     * Image n of x with each row split by the stride s into its s phases, so that the inputs a patch-matrix row takes
     * along an output row lie side by side: phase r of row (c, iy) holds x[c][iy][j·s + r] for j = 0, 1, … at
     * {@code dst[dstOff + ((c·H + iy)·s + r)·L + j]}, L = ⌈W/s⌉. For {@link #im2colColumns}.
     */
    public static void splitPhases(float[] x, int image, ConvGeometry g, float[] dst, int dstOff) {
        int s = g.stride();
        int width = g.width();
        int length = phaseLength(g);
        int rows = g.channels() * g.height();
        int src = image * rows * width;
        for (int row = 0; row < rows; row++, src += width) {
            for (int r = 0; r < s; r++) {
                int d = dstOff + (row * s + r) * length;
                for (int j = 0, ix = r; ix < width; j++, ix += s) {
                    dst[d + j] = x[src + ix];
                }
            }
        }
    }

    /**
     * Columns [from, from + count) of one image's patch matrix (output pixels in row-major order), each row of {@code
     * count} values, into {@code col}, from the image's {@link #splitPhases} at {@code phaseOff}: {@link #im2col}'s
     * values for those columns, every in-bounds run one copy, so that a product can be built band by band in cache.
     */
    public static void im2colColumns(float[] phases, int phaseOff, ConvGeometry g, float[] col, int from, int count) {
        int ow = g.outWidth();
        int s = g.stride();
        int length = phaseLength(g);
        int taps = g.kernelH() * g.kernelW();
        for (int row = 0; row < g.patchSize(); row++) {
            int c = row / taps;
            int ki = (row / g.kernelW()) % g.kernelH();
            int kj = row % g.kernelW();
            int x0 = Math.min(firstValid(kj, g), ow);
            int x1 = Math.max(x0, endValid(kj, g, ow));
            // input column ox·s + t = (ox + q)·s + r: phase r, entry ox + q
            int t = kj - g.padding();
            int r = Math.floorMod(t, s);
            int q = Math.floorDiv(t, s);
            int dst = row * count - from;
            for (int p = from; p < from + count; ) {
                int oy = p / ow;
                int s0 = p - oy * ow;
                int s1 = Math.min(ow, s0 + from + count - p);
                int rowStart = dst + oy * ow;
                int iy = oy * s - g.padding() + ki;
                if (iy < 0 || iy >= g.height()) {
                    Arrays.fill(col, rowStart + s0, rowStart + s1, 0f);
                } else {
                    int a = Math.max(s0, x0);
                    int b = Math.min(s1, x1);
                    if (a > s0) {
                        Arrays.fill(col, rowStart + s0, rowStart + Math.min(a, s1), 0f);
                    }
                    if (b > a) {
                        int src = phaseOff + ((c * g.height() + iy) * s + r) * length + q;
                        System.arraycopy(phases, src + a, col, rowStart + a, b - a);
                    }
                    if (b < s1) {
                        Arrays.fill(col, rowStart + Math.max(b, s0), rowStart + s1, 0f);
                    }
                }
                p += s1 - s0;
            }
        }
    }

    /** Adds the patch-matrix gradient {@code col} into images [first, first+count) of {@code dx}. */
    public static void col2im(float[] col, int first, int count, ConvGeometry g, float[] dx) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int cols = count * oh * ow;
        int khw = g.kernelH() * g.kernelW();
        int imageSize = g.channels() * g.inPixels();
        int stride = g.stride();
        // Parallel over (image, channel) planes: each owns its own region of dx, so no races and a fixed order.
        Parallel.forRange(count * g.channels(), 1, (from, to) -> {
            for (int ic = from; ic < to; ic++) {
                int img = ic / g.channels();
                int c = ic % g.channels();
                int plane = (first + img) * imageSize + c * g.inPixels();
                for (int k = 0; k < khw; k++) {
                    int ki = k / g.kernelW();
                    int kj = k % g.kernelW();
                    int x0 = Math.min(firstValid(kj, g), ow);
                    int x1 = Math.max(x0, endValid(kj, g, ow));
                    int srcRow = (c * khw + k) * cols + img * oh * ow;
                    for (int y = 0; y < oh; y++, srcRow += ow) {
                        int iy = y * stride - g.padding() + ki;
                        if (iy < 0 || iy >= g.height()) {
                            continue;
                        }
                        int dst = plane + iy * g.width() - g.padding() + kj;
                        if (stride == 1) {
                            for (int xo = x0; xo < x1; xo++) {
                                dx[dst + xo] += col[srcRow + xo];
                            }
                        } else {
                            for (int xo = x0; xo < x1; xo++) {
                                dx[dst + xo * stride] += col[srcRow + xo];
                            }
                        }
                    }
                }
            }
        });
    }
}
