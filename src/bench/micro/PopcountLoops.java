
import jdk.incubator.vector.*;
import java.util.*;

public class PopcountLoops {
    static final VectorSpecies<Long> V256 = LongVector.SPECIES_256;
    static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;
    static final VectorSpecies<Short> S256 = ShortVector.SPECIES_256;

    private static void csa256(long[] a, int rows, long[] w, int words, int n, int live, int[] y, int yOff,
                               int outStride, int rowStride) {
        long[] lanes = new long[8];
        int quads = words & ~3;
        for (int p = 0; p < rows; p++) {
            int row = (((p >>> 3) * words) * 8 + (p & 7));
            // Bit planes of the running sums of filters 0–3 (ones0, twos0) and 4–7 (ones1, twos1); fours are counted.
            LongVector ones0 = LongVector.zero(V256);
            LongVector twos0 = LongVector.zero(V256);
            LongVector fours0 = LongVector.zero(V256);
            LongVector ones1 = LongVector.zero(V256);
            LongVector twos1 = LongVector.zero(V256);
            LongVector fours1 = LongVector.zero(V256);
            for (int i = 0; i < quads; i += 4) {
                int wi = i * 8;
                LongVector xa = LongVector.broadcast(V256, a[row + i * 8]);
                LongVector xb = LongVector.broadcast(V256, a[row + (i + 1) * 8]);
                LongVector xc = LongVector.broadcast(V256, a[row + (i + 2) * 8]);
                LongVector xd = LongVector.broadcast(V256, a[row + (i + 3) * 8]);

                LongVector u = xa.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi));
                LongVector v = xb.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 8));
                LongVector s = ones0.lanewise(VectorOperators.XOR, u);
                LongVector twosA = ones0.and(u).or(s.and(v));
                ones0 = s.lanewise(VectorOperators.XOR, v);
                u = xc.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 16));
                v = xd.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 24));
                s = ones0.lanewise(VectorOperators.XOR, u);
                LongVector twosB = ones0.and(u).or(s.and(v));
                ones0 = s.lanewise(VectorOperators.XOR, v);
                s = twos0.lanewise(VectorOperators.XOR, twosA);
                fours0 = fours0.add(twos0.and(twosA).or(s.and(twosB)).lanewise(VectorOperators.BIT_COUNT));
                twos0 = s.lanewise(VectorOperators.XOR, twosB);

                u = xa.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 4));
                v = xb.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 12));
                s = ones1.lanewise(VectorOperators.XOR, u);
                twosA = ones1.and(u).or(s.and(v));
                ones1 = s.lanewise(VectorOperators.XOR, v);
                u = xc.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 20));
                v = xd.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 28));
                s = ones1.lanewise(VectorOperators.XOR, u);
                twosB = ones1.and(u).or(s.and(v));
                ones1 = s.lanewise(VectorOperators.XOR, v);
                s = twos1.lanewise(VectorOperators.XOR, twosA);
                fours1 = fours1.add(twos1.and(twosA).or(s.and(twosB)).lanewise(VectorOperators.BIT_COUNT));
                twos1 = s.lanewise(VectorOperators.XOR, twosB);
            }
            LongVector total0 = fours0.lanewise(VectorOperators.LSHL, 2)
                    .add(twos0.lanewise(VectorOperators.BIT_COUNT).lanewise(VectorOperators.LSHL, 1))
                    .add(ones0.lanewise(VectorOperators.BIT_COUNT));
            LongVector total1 = fours1.lanewise(VectorOperators.LSHL, 2)
                    .add(twos1.lanewise(VectorOperators.BIT_COUNT).lanewise(VectorOperators.LSHL, 1))
                    .add(ones1.lanewise(VectorOperators.BIT_COUNT));
            for (int i = quads; i < words; i++) {
                int wi = i * 8;
                LongVector x = LongVector.broadcast(V256, a[row + i * 8]);
                total0 = total0.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi))
                        .lanewise(VectorOperators.BIT_COUNT));
                total1 = total1.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 4))
                        .lanewise(VectorOperators.BIT_COUNT));
            }
            total0.intoArray(lanes, 0);
            total1.intoArray(lanes, 4);
            int at = yOff + p * rowStride;
            for (int j = 0; j < live; j++) {
                y[at + j * outStride] = n - 2 * (int) lanes[j];
            }
        }
    }

    private static void csaT(long[] a, int rows, long[] w, int words, int n, int live, int[] y, int yOff,
                               int outStride, int rowStride) {
        long[] lanes = new long[8];
        int quads = words & ~3;
        for (int p = 0; p < rows; p++) {
            int row = (((p >>> 3) * words) * 8 + (p & 7));
            // Bit planes of the running sums of filters 0–3 (ones0, twos0) and 4–7 (ones1, twos1); fours are counted.
            LongVector ones0 = LongVector.zero(V256);
            LongVector twos0 = LongVector.zero(V256);
            LongVector fours0 = LongVector.zero(V256);
            LongVector ones1 = LongVector.zero(V256);
            LongVector twos1 = LongVector.zero(V256);
            LongVector fours1 = LongVector.zero(V256);
            for (int i = 0; i < quads; i += 4) {
                int wi = i * 8;
                LongVector xa = LongVector.broadcast(V256, a[row + i * 8]);
                LongVector xb = LongVector.broadcast(V256, a[row + (i + 1) * 8]);
                LongVector xc = LongVector.broadcast(V256, a[row + (i + 2) * 8]);
                LongVector xd = LongVector.broadcast(V256, a[row + (i + 3) * 8]);

                LongVector u = xa.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi));
                LongVector v = xb.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 8));
                LongVector s = ones0.lanewise(VectorOperators.XOR, u);
                LongVector twosA = ones0.and(u).or(s.and(v));
                ones0 = s.lanewise(VectorOperators.XOR, v);
                u = xc.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 16));
                v = xd.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 24));
                s = ones0.lanewise(VectorOperators.XOR, u);
                LongVector twosB = ones0.and(u).or(s.and(v));
                ones0 = s.lanewise(VectorOperators.XOR, v);
                s = twos0.lanewise(VectorOperators.XOR, twosA);
                fours0 = fours0.add(twos0.and(twosA).or(s.and(twosB)).lanewise(VectorOperators.BIT_COUNT));
                twos0 = s.lanewise(VectorOperators.XOR, twosB);

                u = xa.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 4));
                v = xb.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 12));
                s = ones1.lanewise(VectorOperators.XOR, u);
                twosA = ones1.and(u).or(s.and(v));
                ones1 = s.lanewise(VectorOperators.XOR, v);
                u = xc.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 20));
                v = xd.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 28));
                s = ones1.lanewise(VectorOperators.XOR, u);
                twosB = ones1.and(u).or(s.and(v));
                ones1 = s.lanewise(VectorOperators.XOR, v);
                s = twos1.lanewise(VectorOperators.XOR, twosA);
                fours1 = fours1.add(twos1.and(twosA).or(s.and(twosB)).lanewise(VectorOperators.BIT_COUNT));
                twos1 = s.lanewise(VectorOperators.XOR, twosB);
            }
            if (words - quads >= 2) {
                int i = quads;
                int wi = i * 8;
                LongVector xa = LongVector.broadcast(V256, a[row + i * 8]);
                LongVector xb = LongVector.broadcast(V256, a[row + (i + 1) * 8]);
                LongVector u = xa.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi));
                LongVector v = xb.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 8));
                LongVector s = ones0.lanewise(VectorOperators.XOR, u);
                LongVector c = ones0.and(u).or(s.and(v));
                ones0 = s.lanewise(VectorOperators.XOR, v);
                fours0 = fours0.add(twos0.and(c).lanewise(VectorOperators.BIT_COUNT));
                twos0 = twos0.lanewise(VectorOperators.XOR, c);
                u = xa.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 4));
                v = xb.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 12));
                s = ones1.lanewise(VectorOperators.XOR, u);
                c = ones1.and(u).or(s.and(v));
                ones1 = s.lanewise(VectorOperators.XOR, v);
                fours1 = fours1.add(twos1.and(c).lanewise(VectorOperators.BIT_COUNT));
                twos1 = twos1.lanewise(VectorOperators.XOR, c);
            }
            LongVector total0 = fours0.lanewise(VectorOperators.LSHL, 2)
                    .add(twos0.lanewise(VectorOperators.BIT_COUNT).lanewise(VectorOperators.LSHL, 1))
                    .add(ones0.lanewise(VectorOperators.BIT_COUNT));
            LongVector total1 = fours1.lanewise(VectorOperators.LSHL, 2)
                    .add(twos1.lanewise(VectorOperators.BIT_COUNT).lanewise(VectorOperators.LSHL, 1))
                    .add(ones1.lanewise(VectorOperators.BIT_COUNT));
            for (int i = quads + ((words - quads) & 2); i < words; i++) {
                int wi = i * 8;
                LongVector x = LongVector.broadcast(V256, a[row + i * 8]);
                total0 = total0.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi))
                        .lanewise(VectorOperators.BIT_COUNT));
                total1 = total1.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 4))
                        .lanewise(VectorOperators.BIT_COUNT));
            }
            total0.intoArray(lanes, 0);
            total1.intoArray(lanes, 4);
            int at = yOff + p * rowStride;
            for (int j = 0; j < live; j++) {
                y[at + j * outStride] = n - 2 * (int) lanes[j];
            }
        }
    }

    static final long[] PLANES = new long[24 * 4096];
    private static void csaD(long[] a, int rows, long[] w, int words, int n, int live, int[] y, int yOff,
                               int outStride, int rowStride) {
        long[] lanes = new long[8];
        long[] planes = PLANES;
        int quads = words & ~3;
        for (int p = 0; p < rows; p++) {
            int row = (((p >>> 3) * words) * 8 + (p & 7));
            // Bit planes of the running sums of filters 0–3 (ones0, twos0) and 4–7 (ones1, twos1); fours are counted.
            LongVector ones0 = LongVector.zero(V256);
            LongVector twos0 = LongVector.zero(V256);
            LongVector fours0 = LongVector.zero(V256);
            LongVector ones1 = LongVector.zero(V256);
            LongVector twos1 = LongVector.zero(V256);
            LongVector fours1 = LongVector.zero(V256);
            for (int i = 0; i < quads; i += 4) {
                int wi = i * 8;
                LongVector xa = LongVector.broadcast(V256, a[row + i * 8]);
                LongVector xb = LongVector.broadcast(V256, a[row + (i + 1) * 8]);
                LongVector xc = LongVector.broadcast(V256, a[row + (i + 2) * 8]);
                LongVector xd = LongVector.broadcast(V256, a[row + (i + 3) * 8]);

                LongVector u = xa.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi));
                LongVector v = xb.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 8));
                LongVector s = ones0.lanewise(VectorOperators.XOR, u);
                LongVector twosA = ones0.and(u).or(s.and(v));
                ones0 = s.lanewise(VectorOperators.XOR, v);
                u = xc.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 16));
                v = xd.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 24));
                s = ones0.lanewise(VectorOperators.XOR, u);
                LongVector twosB = ones0.and(u).or(s.and(v));
                ones0 = s.lanewise(VectorOperators.XOR, v);
                s = twos0.lanewise(VectorOperators.XOR, twosA);
                fours0 = fours0.add(twos0.and(twosA).or(s.and(twosB)).lanewise(VectorOperators.BIT_COUNT));
                twos0 = s.lanewise(VectorOperators.XOR, twosB);

                u = xa.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 4));
                v = xb.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 12));
                s = ones1.lanewise(VectorOperators.XOR, u);
                twosA = ones1.and(u).or(s.and(v));
                ones1 = s.lanewise(VectorOperators.XOR, v);
                u = xc.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 20));
                v = xd.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 28));
                s = ones1.lanewise(VectorOperators.XOR, u);
                twosB = ones1.and(u).or(s.and(v));
                ones1 = s.lanewise(VectorOperators.XOR, v);
                s = twos1.lanewise(VectorOperators.XOR, twosA);
                fours1 = fours1.add(twos1.and(twosA).or(s.and(twosB)).lanewise(VectorOperators.BIT_COUNT));
                twos1 = s.lanewise(VectorOperators.XOR, twosB);
            }
            if (words - quads >= 2) {
                int i = quads;
                int wi = i * 8;
                LongVector xa = LongVector.broadcast(V256, a[row + i * 8]);
                LongVector xb = LongVector.broadcast(V256, a[row + (i + 1) * 8]);
                LongVector u = xa.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi));
                LongVector v = xb.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 8));
                LongVector s = ones0.lanewise(VectorOperators.XOR, u);
                LongVector c = ones0.and(u).or(s.and(v));
                ones0 = s.lanewise(VectorOperators.XOR, v);
                fours0 = fours0.add(twos0.and(c).lanewise(VectorOperators.BIT_COUNT));
                twos0 = twos0.lanewise(VectorOperators.XOR, c);
                u = xa.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 4));
                v = xb.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 12));
                s = ones1.lanewise(VectorOperators.XOR, u);
                c = ones1.and(u).or(s.and(v));
                ones1 = s.lanewise(VectorOperators.XOR, v);
                fours1 = fours1.add(twos1.and(c).lanewise(VectorOperators.BIT_COUNT));
                twos1 = twos1.lanewise(VectorOperators.XOR, c);
            }
            if ((words & 1) != 0) {
                int wi = (words - 1) * 8;
                LongVector x = LongVector.broadcast(V256, a[row + (words - 1) * 8]);
                LongVector u = x.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi));
                LongVector c = ones0.and(u);
                ones0 = ones0.lanewise(VectorOperators.XOR, u);
                fours0 = fours0.add(twos0.and(c).lanewise(VectorOperators.BIT_COUNT));
                twos0 = twos0.lanewise(VectorOperators.XOR, c);
                u = x.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 4));
                c = ones1.and(u);
                ones1 = ones1.lanewise(VectorOperators.XOR, u);
                fours1 = fours1.add(twos1.and(c).lanewise(VectorOperators.BIT_COUNT));
                twos1 = twos1.lanewise(VectorOperators.XOR, c);
            }
            int s0 = p * 24;
            ones0.intoArray(planes, s0); twos0.intoArray(planes, s0 + 4); fours0.intoArray(planes, s0 + 8);
            ones1.intoArray(planes, s0 + 12); twos1.intoArray(planes, s0 + 16); fours1.intoArray(planes, s0 + 20);
        }
        for (int p = 0; p < rows; p++) {
            int s0 = p * 24;
            LongVector total0 = LongVector.fromArray(V256, planes, s0 + 8).lanewise(VectorOperators.LSHL, 2)
                    .add(LongVector.fromArray(V256, planes, s0 + 4).lanewise(VectorOperators.BIT_COUNT).lanewise(VectorOperators.LSHL, 1))
                    .add(LongVector.fromArray(V256, planes, s0).lanewise(VectorOperators.BIT_COUNT));
            LongVector total1 = LongVector.fromArray(V256, planes, s0 + 20).lanewise(VectorOperators.LSHL, 2)
                    .add(LongVector.fromArray(V256, planes, s0 + 16).lanewise(VectorOperators.BIT_COUNT).lanewise(VectorOperators.LSHL, 1))
                    .add(LongVector.fromArray(V256, planes, s0 + 12).lanewise(VectorOperators.BIT_COUNT));
            total0.intoArray(lanes, 0);
            total1.intoArray(lanes, 4);
            int at = yOff + p * rowStride;
            for (int j = 0; j < live; j++) {
                y[at + j * outStride] = n - 2 * (int) lanes[j];
            }
        }
    }

    static final long[] SCR = new long[4096];
    private static void csaTE(long[] a, int rows, long[] w, int words, int n, int live, int[] y, int yOff,
                               int outStride, int rowStride) {
        long[] lanes = SCR;
        int quads = words & ~3;
        for (int p = 0; p < rows; p++) {
            int row = (((p >>> 3) * words) * 8 + (p & 7));
            // Bit planes of the running sums of filters 0–3 (ones0, twos0) and 4–7 (ones1, twos1); fours are counted.
            LongVector ones0 = LongVector.zero(V256);
            LongVector twos0 = LongVector.zero(V256);
            LongVector fours0 = LongVector.zero(V256);
            LongVector ones1 = LongVector.zero(V256);
            LongVector twos1 = LongVector.zero(V256);
            LongVector fours1 = LongVector.zero(V256);
            for (int i = 0; i < quads; i += 4) {
                int wi = i * 8;
                LongVector xa = LongVector.broadcast(V256, a[row + i * 8]);
                LongVector xb = LongVector.broadcast(V256, a[row + (i + 1) * 8]);
                LongVector xc = LongVector.broadcast(V256, a[row + (i + 2) * 8]);
                LongVector xd = LongVector.broadcast(V256, a[row + (i + 3) * 8]);

                LongVector u = xa.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi));
                LongVector v = xb.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 8));
                LongVector s = ones0.lanewise(VectorOperators.XOR, u);
                LongVector twosA = ones0.and(u).or(s.and(v));
                ones0 = s.lanewise(VectorOperators.XOR, v);
                u = xc.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 16));
                v = xd.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 24));
                s = ones0.lanewise(VectorOperators.XOR, u);
                LongVector twosB = ones0.and(u).or(s.and(v));
                ones0 = s.lanewise(VectorOperators.XOR, v);
                s = twos0.lanewise(VectorOperators.XOR, twosA);
                fours0 = fours0.add(twos0.and(twosA).or(s.and(twosB)).lanewise(VectorOperators.BIT_COUNT));
                twos0 = s.lanewise(VectorOperators.XOR, twosB);

                u = xa.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 4));
                v = xb.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 12));
                s = ones1.lanewise(VectorOperators.XOR, u);
                twosA = ones1.and(u).or(s.and(v));
                ones1 = s.lanewise(VectorOperators.XOR, v);
                u = xc.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 20));
                v = xd.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 28));
                s = ones1.lanewise(VectorOperators.XOR, u);
                twosB = ones1.and(u).or(s.and(v));
                ones1 = s.lanewise(VectorOperators.XOR, v);
                s = twos1.lanewise(VectorOperators.XOR, twosA);
                fours1 = fours1.add(twos1.and(twosA).or(s.and(twosB)).lanewise(VectorOperators.BIT_COUNT));
                twos1 = s.lanewise(VectorOperators.XOR, twosB);
            }
            if (words - quads >= 2) {
                int i = quads;
                int wi = i * 8;
                LongVector xa = LongVector.broadcast(V256, a[row + i * 8]);
                LongVector xb = LongVector.broadcast(V256, a[row + (i + 1) * 8]);
                LongVector u = xa.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi));
                LongVector v = xb.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 8));
                LongVector s = ones0.lanewise(VectorOperators.XOR, u);
                LongVector c = ones0.and(u).or(s.and(v));
                ones0 = s.lanewise(VectorOperators.XOR, v);
                fours0 = fours0.add(twos0.and(c).lanewise(VectorOperators.BIT_COUNT));
                twos0 = twos0.lanewise(VectorOperators.XOR, c);
                u = xa.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 4));
                v = xb.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 12));
                s = ones1.lanewise(VectorOperators.XOR, u);
                c = ones1.and(u).or(s.and(v));
                ones1 = s.lanewise(VectorOperators.XOR, v);
                fours1 = fours1.add(twos1.and(c).lanewise(VectorOperators.BIT_COUNT));
                twos1 = twos1.lanewise(VectorOperators.XOR, c);
            }
            LongVector total0 = fours0.lanewise(VectorOperators.LSHL, 2)
                    .add(twos0.lanewise(VectorOperators.BIT_COUNT).lanewise(VectorOperators.LSHL, 1))
                    .add(ones0.lanewise(VectorOperators.BIT_COUNT));
            LongVector total1 = fours1.lanewise(VectorOperators.LSHL, 2)
                    .add(twos1.lanewise(VectorOperators.BIT_COUNT).lanewise(VectorOperators.LSHL, 1))
                    .add(ones1.lanewise(VectorOperators.BIT_COUNT));
            for (int i = quads + ((words - quads) & 2); i < words; i++) {
                int wi = i * 8;
                LongVector x = LongVector.broadcast(V256, a[row + i * 8]);
                total0 = total0.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi))
                        .lanewise(VectorOperators.BIT_COUNT));
                total1 = total1.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 4))
                        .lanewise(VectorOperators.BIT_COUNT));
            }
            total0.intoArray(lanes, p * 8);
            total1.intoArray(lanes, p * 8 + 4);
        }
        for (int j = 0; j < live; j++) {
            int at = yOff + j * outStride;
            for (int p = 0; p < rows; p++) {
                y[at + p] = n - 2 * (int) lanes[p * 8 + j];
            }
        }
    }


    static void scalar(long[] a, int rows, long[] w, int words, int n, int live, int[] y, int yOff, int outStride) {
        for (int p = 0; p < rows; p++) {
            int row = ((p >>> 3) * words) * 8 + (p & 7);
            int c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
            for (int i = 0; i < words; i++) {
                long x = a[row + i * 8];
                int wi = i * 8;
                c0 += Long.bitCount(x ^ w[wi]); c1 += Long.bitCount(x ^ w[wi + 1]);
                c2 += Long.bitCount(x ^ w[wi + 2]); c3 += Long.bitCount(x ^ w[wi + 3]);
                c4 += Long.bitCount(x ^ w[wi + 4]); c5 += Long.bitCount(x ^ w[wi + 5]);
                c6 += Long.bitCount(x ^ w[wi + 6]); c7 += Long.bitCount(x ^ w[wi + 7]);
            }
            int at = yOff + p;
            y[at] = n - 2 * c0; y[at + outStride] = n - 2 * c1; y[at + 2 * outStride] = n - 2 * c2;
            y[at + 3 * outStride] = n - 2 * c3; y[at + 4 * outStride] = n - 2 * c4; y[at + 5 * outStride] = n - 2 * c5;
            y[at + 6 * outStride] = n - 2 * c6; y[at + 7 * outStride] = n - 2 * c7;
        }
    }

    // byte rows: per 16-row block, per word i, per byte b: 16 bytes (row r's byte b of word i)
    static byte[] byteRows(long[] a, int rows, int words) {
        int blocks = (rows + 15) / 16;
        byte[] out = new byte[blocks * words * 8 * 16];
        for (int p = 0; p < rows; p++) {
            int row = ((p >>> 3) * words) * 8 + (p & 7);
            for (int i = 0; i < words; i++) {
                long x = a[row + i * 8];
                for (int b = 0; b < 8; b++) {
                    out[(p / 16) * words * 128 + (i * 8 + b) * 16 + (p % 16)] = (byte) (x >>> (8 * b));
                }
            }
        }
        return out;
    }

    // tables: per word i, byte b, filter j: 16 bytes lo table, 16 bytes hi table
    static byte[] tables(long[] w, int words) {
        byte[] t = new byte[words * 8 * 8 * 32];
        for (int i = 0; i < words; i++) for (int b = 0; b < 8; b++) for (int j = 0; j < 8; j++) {
            int by = (int) (w[i * 8 + j] >>> (8 * b)) & 255;
            int base = ((i * 8 + b) * 8 + j) * 32;
            for (int k = 0; k < 16; k++) {
                t[base + k] = (byte) Integer.bitCount(k ^ (by & 15));
                t[base + 16 + k] = (byte) Integer.bitCount(k ^ (by >>> 4));
            }
        }
        return t;
    }

    static final short[] CNT = new short[8 * 16];

    // 8 filters x 16 rows
    static void lutB(byte[] act, int rows, byte[] tab, int words, int n, int[] y, int yOff, int outStride) {
        short[] cnt = CNT;
        for (int q = 0; q * 16 < rows; q++) {
            Arrays.fill(cnt, (short) 0);
            int abase = q * words * 128;
            for (int i0 = 0; i0 < words; i0 += 3) {
                int i1 = Math.min(words, i0 + 3);
                ByteVector z = ByteVector.zero(B128);
                ByteVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z;
                for (int e = i0 * 8; e < i1 * 8; e++) {
                    ByteVector v = ByteVector.fromArray(B128, act, abase + e * 16);
                    ByteVector h = v.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes();
                    int t = e * 256;
                    c0 = c0.add(v.selectFrom(ByteVector.fromArray(B128, tab, t))).add(h.selectFrom(ByteVector.fromArray(B128, tab, t + 16)));
                    c1 = c1.add(v.selectFrom(ByteVector.fromArray(B128, tab, t + 32))).add(h.selectFrom(ByteVector.fromArray(B128, tab, t + 48)));
                    c2 = c2.add(v.selectFrom(ByteVector.fromArray(B128, tab, t + 64))).add(h.selectFrom(ByteVector.fromArray(B128, tab, t + 80)));
                    c3 = c3.add(v.selectFrom(ByteVector.fromArray(B128, tab, t + 96))).add(h.selectFrom(ByteVector.fromArray(B128, tab, t + 112)));
                    c4 = c4.add(v.selectFrom(ByteVector.fromArray(B128, tab, t + 128))).add(h.selectFrom(ByteVector.fromArray(B128, tab, t + 144)));
                    c5 = c5.add(v.selectFrom(ByteVector.fromArray(B128, tab, t + 160))).add(h.selectFrom(ByteVector.fromArray(B128, tab, t + 176)));
                    c6 = c6.add(v.selectFrom(ByteVector.fromArray(B128, tab, t + 192))).add(h.selectFrom(ByteVector.fromArray(B128, tab, t + 208)));
                    c7 = c7.add(v.selectFrom(ByteVector.fromArray(B128, tab, t + 224))).add(h.selectFrom(ByteVector.fromArray(B128, tab, t + 240)));
                }
                widen(cnt, 0, c0); widen(cnt, 16, c1); widen(cnt, 32, c2); widen(cnt, 48, c3);
                widen(cnt, 64, c4); widen(cnt, 80, c5); widen(cnt, 96, c6); widen(cnt, 112, c7);
            }
            int m = Math.min(16, rows - q * 16);
            for (int j = 0; j < 8; j++) for (int r = 0; r < m; r++) y[yOff + j * outStride + q * 16 + r] = n - 2 * cnt[j * 16 + r];
        }
    }

    static void widen(short[] cnt, int off, ByteVector c) {
        ((ShortVector) c.convertShape(VectorOperators.ZERO_EXTEND_B2S, S256, 0)).add(ShortVector.fromArray(S256, cnt, off)).intoArray(cnt, off);
    }

    // 4 filters x 32 rows
    static void lutC(byte[] act, int rows, byte[] tab, int words, int n, int[] y, int yOff, int outStride) {
        short[] cnt = CNT;
        for (int q = 0; q * 16 < rows; q += 2) {
            int abase = q * words * 128;
            int bbase = abase + words * 128;  // next 16-row block (may be padding)
            for (int half = 0; half < 2; half++) {
                Arrays.fill(cnt, (short) 0);
                for (int i0 = 0; i0 < words; i0 += 3) {
                    int i1 = Math.min(words, i0 + 3);
                    ByteVector z = ByteVector.zero(B128);
                    ByteVector c0 = z, c1 = z, c2 = z, c3 = z, d0 = z, d1 = z, d2 = z, d3 = z;
                    for (int e = i0 * 8; e < i1 * 8; e++) {
                        ByteVector v = ByteVector.fromArray(B128, act, abase + e * 16);
                        ByteVector h = v.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes();
                        ByteVector u = ByteVector.fromArray(B128, act, bbase + e * 16);
                        ByteVector g = u.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes();
                        int t = e * 256 + half * 128;
                        ByteVector tl, th;
                        tl = ByteVector.fromArray(B128, tab, t); th = ByteVector.fromArray(B128, tab, t + 16);
                        c0 = c0.add(v.selectFrom(tl)).add(h.selectFrom(th)); d0 = d0.add(u.selectFrom(tl)).add(g.selectFrom(th));
                        tl = ByteVector.fromArray(B128, tab, t + 32); th = ByteVector.fromArray(B128, tab, t + 48);
                        c1 = c1.add(v.selectFrom(tl)).add(h.selectFrom(th)); d1 = d1.add(u.selectFrom(tl)).add(g.selectFrom(th));
                        tl = ByteVector.fromArray(B128, tab, t + 64); th = ByteVector.fromArray(B128, tab, t + 80);
                        c2 = c2.add(v.selectFrom(tl)).add(h.selectFrom(th)); d2 = d2.add(u.selectFrom(tl)).add(g.selectFrom(th));
                        tl = ByteVector.fromArray(B128, tab, t + 96); th = ByteVector.fromArray(B128, tab, t + 112);
                        c3 = c3.add(v.selectFrom(tl)).add(h.selectFrom(th)); d3 = d3.add(u.selectFrom(tl)).add(g.selectFrom(th));
                    }
                    widen(cnt, 0, c0); widen(cnt, 16, c1); widen(cnt, 32, c2); widen(cnt, 48, c3);
                    widen(cnt, 64, d0); widen(cnt, 80, d1); widen(cnt, 96, d2); widen(cnt, 112, d3);
                }
                for (int j = 0; j < 4; j++) {
                    int m0 = Math.min(16, rows - q * 16);
                    for (int r = 0; r < m0; r++) y[yOff + (half * 4 + j) * outStride + q * 16 + r] = n - 2 * cnt[j * 16 + r];
                    int m1 = Math.min(16, rows - q * 16 - 16);
                    for (int r = 0; r < m1; r++) y[yOff + (half * 4 + j) * outStride + q * 16 + 16 + r] = n - 2 * cnt[64 + j * 16 + r];
                }
            }
        }
    }

    public static void main(String[] args) {
        int words = Integer.parseInt(args[0]);
        int rows = Integer.parseInt(args.length > 1 ? args[1] : "112");
        int blocks = 8;
        Random rnd = new Random(1);
        int prow = (rows + 31) / 32 * 32;
        long[] a = new long[prow * words];
        for (int k = 0; k < a.length; k++) a[k] = rnd.nextLong();
        long[][] w = new long[blocks][words * 8];
        byte[][] tab = new byte[blocks][];
        for (int b = 0; b < blocks; b++) { for (int k = 0; k < w[b].length; k++) w[b][k] = rnd.nextLong(); tab[b] = tables(w[b], words); }
        byte[] act = byteRows(a, prow, words);
        int n = words * 64;
        int[] ref = new int[blocks * 8 * rows], y = new int[ref.length];
        Runnable[] v = {
            () -> { for (int b = 0; b < blocks; b++) scalar(a, rows, w[b], words, n, 8, y, b * 8 * rows, rows); },
            () -> { for (int b = 0; b < blocks; b++) csa256(a, rows, w[b], words, n, 8, y, b * 8 * rows, rows, 1); },
            () -> { for (int b = 0; b < blocks; b++) csaT(a, rows, w[b], words, n, 8, y, b * 8 * rows, rows, 1); },
            () -> { for (int b = 0; b < blocks; b++) csaD(a, rows, w[b], words, n, 8, y, b * 8 * rows, rows, 1); },
            () -> { for (int b = 0; b < blocks; b++) csaTE(a, rows, w[b], words, n, 8, y, b * 8 * rows, rows, 1); },
            () -> { for (int b = 0; b < blocks; b++) lutB(act, rows, tab[b], words, n, y, b * 8 * rows, rows); },
            () -> { for (int b = 0; b < blocks; b++) lutC(act, rows, tab[b], words, n, y, b * 8 * rows, rows); },
        };
        String[] names = {"scalar", "csa256", "csaT", "csaD", "csaTE", "lutB 8fx16r", "lutC 4fx32r"};
        v[0].run(); System.arraycopy(y, 0, ref, 0, y.length);
        double ops = (double) rows * words * blocks * 8;
        for (int round = 0; round < 5; round++) {
            StringBuilder sb = new StringBuilder("words=" + words + " rows=" + rows + ":");
            for (int k = 0; k < v.length; k++) {
                Arrays.fill(y, 0);
                v[k].run();
                if (!Arrays.equals(y, ref)) { sb.append(" ").append(names[k]).append(" MISMATCH"); continue; }
                int reps = 0; long t0 = System.nanoTime(), t;
                do { v[k].run(); reps++; } while ((t = System.nanoTime()) - t0 < 300_000_000L);
                sb.append(String.format("  %s %.2f", names[k], ops * reps / (t - t0)));
            }
            System.out.println(sb);
        }
    }
}
