package org.xnornet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link PoolRows} (JDK 21+, {@code --add-modules jdk.incubator.vector}), loaded by
 * {@link PoolRows#active} only where it runs. {@code FloatVector.max}/{@code min} apply {@code Math.max}/{@code min} to
 * every lane; a row's last partial vector goes by scalar. Each direction is its own loop: the JIT compiles a lane-wise
 * operation into vector instructions only where the operator is a constant.
 */
final class VectorPoolRows implements PoolRows {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** This form, or null where the JIT's vectors are narrower than 256 bits. Called through reflection. */
    static PoolRows forThisMachine() {
        return F.vectorBitSize() < 256 ? null : new VectorPoolRows();
    }

    @Override
    public void down3(float[] x, int r0, int width, boolean smallest, float[] column) {
        int r1 = r0 + width;
        int r2 = r1 + width;
        int end = F.loopBound(width);
        int ix = 0;
        if (smallest) {
            for (; ix < end; ix += F.length()) {
                FloatVector.fromArray(F, x, r0 + ix).min(FloatVector.fromArray(F, x, r1 + ix))
                        .min(FloatVector.fromArray(F, x, r2 + ix)).intoArray(column, ix);
            }
            for (; ix < width; ix++) {
                column[ix] = Math.min(Math.min(x[r0 + ix], x[r1 + ix]), x[r2 + ix]);
            }
        } else {
            for (; ix < end; ix += F.length()) {
                FloatVector.fromArray(F, x, r0 + ix).max(FloatVector.fromArray(F, x, r1 + ix))
                        .max(FloatVector.fromArray(F, x, r2 + ix)).intoArray(column, ix);
            }
            for (; ix < width; ix++) {
                column[ix] = Math.max(Math.max(x[r0 + ix], x[r1 + ix]), x[r2 + ix]);
            }
        }
    }

    @Override
    public void across3(float[] column, int width, boolean smallest) {
        int end = F.loopBound(Math.max(0, width - 2));
        int ix = 0;
        if (smallest) {
            for (; ix < end; ix += F.length()) {
                FloatVector.fromArray(F, column, ix).min(FloatVector.fromArray(F, column, ix + 1))
                        .min(FloatVector.fromArray(F, column, ix + 2)).intoArray(column, width + ix);
            }
            for (; ix + 2 < width; ix++) {
                column[width + ix] = Math.min(Math.min(column[ix], column[ix + 1]), column[ix + 2]);
            }
        } else {
            for (; ix < end; ix += F.length()) {
                FloatVector.fromArray(F, column, ix).max(FloatVector.fromArray(F, column, ix + 1))
                        .max(FloatVector.fromArray(F, column, ix + 2)).intoArray(column, width + ix);
            }
            for (; ix + 2 < width; ix++) {
                column[width + ix] = Math.max(Math.max(column[ix], column[ix + 1]), column[ix + 2]);
            }
        }
    }

    @Override
    public String name() {
        return "vector";
    }
}
