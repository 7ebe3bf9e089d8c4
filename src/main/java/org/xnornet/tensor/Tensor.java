package org.xnornet.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major order; images are NCHW. The backing array is exposed on purpose:
 * kernels work on {@code float[]} with offsets, and layers hand arrays between each other without copies.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    public Tensor(int[] shape, float[] data) {
        long size = sizeOf(shape);
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                    + " values but the array has " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
    }

    public static Tensor zeros(int... shape) {
        long size = sizeOf(shape);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large");
        }
        return new Tensor(shape, new float[(int) size]);
    }

    /**
     * {@code previous} when it already has this shape, else a new zero tensor. Layers keep their output and
     * gradient buffers across steps this way: training allocates its large arrays once, not every step.
     * A reused tensor keeps its old contents.
     */
    public static Tensor reuse(Tensor previous, int... shape) {
        if (previous != null && Arrays.equals(previous.shape, shape)) {
            return previous;
        }
        return zeros(shape);
    }

    /** Like {@link #reuse} but always zero-filled, for buffers that kernels accumulate into. */
    public static Tensor reuseZeroed(Tensor previous, int... shape) {
        if (previous != null && Arrays.equals(previous.shape, shape)) {
            Arrays.fill(previous.data, 0f);
            return previous;
        }
        return zeros(shape);
    }

    public static long sizeOf(int[] shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            size *= d;
        }
        return size;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return shape[i];
    }

    public float[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    /** Number of values per leading index (per sample for a batch). */
    public int sampleSize() {
        return shape.length == 0 ? 1 : data.length / Math.max(1, shape[0]);
    }

    public Tensor reshape(int... newShape) {
        return new Tensor(newShape, data);
    }

    public Tensor copy() {
        return new Tensor(shape, data.clone());
    }

    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public String toString() {
        return "Tensor" + shapeString();
    }
}
