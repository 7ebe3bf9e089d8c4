package org.xnornet.data.image;

import java.util.Arrays;

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
            Arrays.fill(column, 0f);
            for (int k = y * ys.taps; k < (y + 1) * ys.taps; k++) {
                float w = ys.weight[k];
                if (w == 0f) {
                    continue;
                }
                int s = (ys.index[k] * width + colLo) * ch;
                for (int i = 0; i < span; i++) {
                    column[i] += w * (px[s + i] & 0xff);
                }
            }
            horizontal(column, colLo, ch, xs, row);
            sink.row(y, row);
        }
    }

    private static void horizontal(float[] column, int colLo, int ch, AxisWeights xs, float[] row) {
        int taps = xs.taps;
        for (int x = 0, o = 0; x < xs.out; x++) {
            for (int c = 0; c < ch; c++) {
                float sum = 0f;
                for (int k = x * taps; k < (x + 1) * taps; k++) {
                    sum += xs.weight[k] * column[(xs.index[k] - colLo) * ch + c];
                }
                row[o++] = sum;
            }
        }
    }
}
