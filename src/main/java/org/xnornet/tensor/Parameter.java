package org.xnornet.tensor;

/**
 * A named slice of a {@link ParameterVector}: its values live in the vector's one array at
 * {@link #offset()}, and so does its gradient in the vector's gradient array. Layers read and write
 * through the slice, so averaging, checkpointing or broadcasting the vector moves every parameter at once.
 */
public final class Parameter {
    private final ParameterVector vector;
    private final String name;
    private final ParameterVector.Role role;
    private final int offset;
    private final int length;

    Parameter(ParameterVector vector, String name, ParameterVector.Role role, int offset, int length) {
        this.vector = vector;
        this.name = name;
        this.role = role;
        this.offset = offset;
        this.length = length;
    }

    public String name() {
        return name;
    }

    public ParameterVector.Role role() {
        return role;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** The vector's value array (shared; index with {@link #offset()}). */
    public float[] values() {
        return vector.values();
    }

    /** The vector's gradient array (shared; index with {@link #offset()}). */
    public float[] grads() {
        return vector.grads();
    }

    public float get(int i) {
        return vector.values()[offset + checkIndex(i)];
    }

    public void set(int i, float v) {
        vector.values()[offset + checkIndex(i)] = v;
    }

    public float grad(int i) {
        return vector.grads()[offset + checkIndex(i)];
    }

    /** A copy of this slice's values. */
    public float[] toArray() {
        float[] out = new float[length];
        System.arraycopy(vector.values(), offset, out, 0, length);
        return out;
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("index " + i + " outside parameter " + name + " of length " + length);
        }
        return i;
    }

    @Override
    public String toString() {
        return name + "[" + role + ", " + length + "]";
    }
}
