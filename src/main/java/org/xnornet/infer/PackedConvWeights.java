package org.xnornet.infer;

import java.util.ArrayList;
import java.util.List;
import org.xnornet.kernel.ConvGeometry;
import org.xnornet.nn.BinaryConv2d;

/**
 * A binary convolution's filters packed for {@link BinaryConvKernel}, with the border correction of its geometry.
 * The kernel reads −1 (clear words) wherever a tap falls on the zero padding, where training adds sign(x)·w = 0;
 * a padded tap t of filter o thus adds −tapSum[o][t] (tapSum = Σ_c sign(w)), which the kernel takes back by adding
 * {@code correction[o][class]}, the sum of tapSum over the taps padded at pixels of that class. A pixel's class is
 * the pair (row class, column class), and a row's class the span of kernel rows inside the image, so a layer has
 * few classes (3 × 3 for a 3×3, padding 1 convolution) and the interior class corrects by 0 (as Larq Compute Engine
 * does). Filters are {@code [out][channels][kh][kw]}, like training's.
 */
public final class PackedConvWeights {
    private final ConvGeometry geometry;
    private final FilterBlocks filters;
    private final int[] rowClass;
    private final int[] colClass;
    private final int colClasses;
    private final int classes;
    private final int[] correction;
    /** Whether class k corrects any filter (the interior class never does): only those pixels are visited. */
    private final boolean[] correcting;

    private PackedConvWeights(ConvGeometry g, FilterBlocks filters) {
        this.geometry = g;
        this.filters = filters;
        List<int[]> rowSpans = new ArrayList<>();
        List<int[]> colSpans = new ArrayList<>();
        this.rowClass = spanClasses(g.outHeight(), g.height(), g.kernelH(), g.stride(), g.padding(), rowSpans);
        this.colClass = spanClasses(g.outWidth(), g.width(), g.kernelW(), g.stride(), g.padding(), colSpans);
        this.colClasses = colSpans.size();
        this.classes = rowSpans.size() * colClasses;
        this.correction = new int[filters.out * classes];
        for (int o = 0; o < filters.out; o++) {
            for (int r = 0; r < rowSpans.size(); r++) {
                for (int c = 0; c < colClasses; c++) {
                    correction[o * classes + r * colClasses + c] = paddedTapSum(o, rowSpans.get(r), colSpans.get(c));
                }
            }
        }
        this.correcting = new boolean[classes];
        for (int i = 0; i < correction.length; i++) {
            correcting[i % classes] |= correction[i] != 0;
        }
    }

    /** Packs training's signs of float filters {@code [out][channels][kh][kw]} from {@code wOff}. */
    public static PackedConvWeights pack(float[] w, int wOff, int out, ConvGeometry g) {
        return new PackedConvWeights(g, FilterBlocks.pack(w, wOff, out, g.channels(), g.kernelH() * g.kernelW()));
    }

    /** Packs a training layer's shadow weights; its kernel quantizer must be sign (sign(0) = +1). */
    public static PackedConvWeights of(BinaryConv2d layer) {
        if (!layer.kernelQuantizer().isSign()) {
            throw new IllegalArgumentException("layer " + layer.name() + ": kernel quantizer "
                    + layer.kernelQuantizer().name() + " is not sign, so its weights have no packed form");
        }
        return pack(layer.weight().values(), layer.weight().offset(), layer.outChannels(), layer.geometry());
    }

    /** Each output row's (or column's) class: the span [first, end) of kernel rows that fall inside the image. */
    private static int[] spanClasses(int outSize, int inSize, int kernel, int stride, int padding, List<int[]> spans) {
        int[] cls = new int[outSize];
        for (int o = 0; o < outSize; o++) {
            int first = Math.max(0, padding - o * stride);
            int end = Math.max(first, Math.min(kernel, inSize + padding - o * stride));
            int index = -1;
            for (int s = 0; s < spans.size() && index < 0; s++) {
                if (spans.get(s)[0] == first && spans.get(s)[1] == end) {
                    index = s;
                }
            }
            if (index < 0) {
                index = spans.size();
                spans.add(new int[] {first, end});
            }
            cls[o] = index;
        }
        return cls;
    }

    private int paddedTapSum(int o, int[] rows, int[] cols) {
        int kw = geometry.kernelW();
        int sum = 0;
        for (int ki = 0; ki < geometry.kernelH(); ki++) {
            for (int kj = 0; kj < kw; kj++) {
                boolean inside = ki >= rows[0] && ki < rows[1] && kj >= cols[0] && kj < cols[1];
                if (!inside) {
                    sum += filters.tapSums[o * filters.taps + ki * kw + kj];
                }
            }
        }
        return sum;
    }

    public ConvGeometry geometry() {
        return geometry;
    }

    public int outChannels() {
        return filters.out;
    }

    FilterBlocks filters() {
        return filters;
    }

    /** The class of output pixel (oy, ox), an index into a filter's corrections. */
    int pixelClass(int oy, int ox) {
        return rowClass[oy] * colClasses + colClass[ox];
    }

    int classes() {
        return classes;
    }

    /** Whether pixels of class k need a correction for some filter. */
    boolean corrects(int k) {
        return correcting[k];
    }

    /** Corrections {@code [out][classes]}. */
    int[] correction() {
        return correction;
    }
}
