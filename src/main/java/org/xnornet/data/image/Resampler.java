package org.xnornet.data.image;

/**
 * Separable resampling of a {@link DecodedImage} region straight to the output size, one output row at a
 * time: rows are first combined vertically into a single float row spanning the needed columns, which is
 * then combined horizontally. Memory is one source-width row plus one output row, whatever the crop, and
 * every source pixel in the region is read about once.
 */
final class Resampler {
    /** Receives output row {@code y} as {@code width * channels} floats on the 0..255 scale, HWC. */
    interface RowSink {
        void row(int y, float[] values);
    }

    private Resampler() {
    }

    static void resample(DecodedImage src, AxisWeights xs, AxisWeights ys, RowSink sink) {
        int ch = src.channels();
        int width = src.width();
        byte[] px = src.pixels();
        int colLo = xs.min();
        int span = (xs.max() - colLo + 1) * ch;
        float[] column = new float[span];
        float[] row = new float[xs.out * ch];
        for (int y = 0; y < ys.out; y++) {
            vertical(px, colLo * ch, width * ch, span, ys, y, column);
            horizontal(column, colLo, ch, xs, row);
            sink.row(y, row);
        }
    }

    /** Weighted sum of the source rows that output row {@code y} draws on, over {@code span} samples. */
    private static void vertical(byte[] px, int offset, int stride, int span, AxisWeights ys, int y, float[] column) {
        int k = y * ys.taps;
        int end = k + ys.taps;
        while (end > k + 1 && ys.weight[end - 1] == 0f) {
            end--;
        }
        int a = ys.index[k] * stride + offset;
        float wa = ys.weight[k];
        if (end - k == 1) {
            for (int i = 0; i < span; i++) {
                column[i] = wa * (px[a + i] & 0xff);
            }
            return;
        }
        int b = ys.index[k + 1] * stride + offset;
        float wb = ys.weight[k + 1];
        for (int i = 0; i < span; i++) {
            column[i] = wa * (px[a + i] & 0xff) + wb * (px[b + i] & 0xff);
        }
        for (k += 2; k < end; k++) {
            int s = ys.index[k] * stride + offset;
            float w = ys.weight[k];
            for (int i = 0; i < span; i++) {
                column[i] += w * (px[s + i] & 0xff);
            }
        }
    }

    private static void horizontal(float[] column, int colLo, int ch, AxisWeights xs, float[] row) {
        int taps = xs.taps;
        int[] index = xs.index;
        float[] weight = xs.weight;
        if (ch == 3) {
            for (int x = 0, k = 0; x < xs.out; x++) {
                float r = 0f;
                float g = 0f;
                float b = 0f;
                for (int end = k + taps; k < end; k++) {
                    int i = (index[k] - colLo) * 3;
                    float w = weight[k];
                    r += w * column[i];
                    g += w * column[i + 1];
                    b += w * column[i + 2];
                }
                row[3 * x] = r;
                row[3 * x + 1] = g;
                row[3 * x + 2] = b;
            }
            return;
        }
        for (int x = 0, k = 0; x < xs.out; x++) {
            float v = 0f;
            for (int end = k + taps; k < end; k++) {
                v += weight[k] * column[index[k] - colLo];
            }
            row[x] = v;
        }
    }
}
