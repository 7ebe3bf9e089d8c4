package org.xnornet.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole training state in one flat float array: trainable values (shadow weights, Γ factors, BN
 * affine terms, biases, PReLU slopes), BN running statistics and optimiser state, each a named
 * {@link Parameter} slice. A parallel array holds gradients, as far as the last trainable slice (optimiser state
 * and running statistics appended after it have none). Averaging, checkpointing and broadcasting the state is one
 * array operation. The arrays grow by doubling while slices are added; {@link #trim()} ends that, so a built network
 * holds its state once, not up to twice over (AlexNet's 0.75 GB state with Adam, and its gradients: 1.0 GB, 2.1 GB
 * untrimmed).
 */
public final class ParameterVector {
    /**
     * What a slice holds; decides whether it is trained and whether weight decay applies. SHADOW_WEIGHT is
     * the real-valued latent weight of a binary layer (the one shadow-weight clipping applies to).
     */
    public enum Role {
        WEIGHT(true, true), SHADOW_WEIGHT(true, true), GAMMA(true, false), NORM(true, false), BIAS(true, false), ACTIVATION(true, false),
        RUNNING_STAT(false, false), OPTIMIZER(false, false);

        private final boolean trainable;
        private final boolean decayed;

        Role(boolean trainable, boolean decayed) {
            this.trainable = trainable;
            this.decayed = decayed;
        }

        public boolean trainable() {
            return trainable;
        }

        public boolean decayed() {
            return decayed;
        }
    }

    private float[] values = new float[1024];
    private float[] grads = new float[1024];
    private int size;
    /** The end of the last trainable slice: the gradients' extent. */
    private int gradSize;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    private final long limit;

    public ParameterVector() {
        this(Integer.MAX_VALUE - 8);
    }

    /** A vector refusing to grow beyond {@code limit} values (a model file's spec is checked against its bytes). */
    public ParameterVector(long limit) {
        this.limit = Math.min(limit, Integer.MAX_VALUE - 8);
    }

    /** Appends a zero-filled slice. Names must be unique. */
    public Parameter add(String name, Role role, int length) {
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("parameter name '" + name + "' is already used");
        }
        if (length < 0) {
            throw new IllegalArgumentException("parameter '" + name + "' has negative length " + length);
        }
        if (size + (long) length > limit) {
            throw new IllegalArgumentException("parameter vector would exceed " + (limit == Integer.MAX_VALUE - 8
                    ? "2^31" : limit) + " values adding '" + name + "'");
        }
        if (size + length > values.length) {
            values = Arrays.copyOf(values, grown(values.length, size + length));
        }
        if (role.trainable()) {
            if (size + length > grads.length) {
                grads = Arrays.copyOf(grads, grown(grads.length, size + length));
            }
            gradSize = size + length;
        }
        Parameter p = new Parameter(this, name, role, size, length);
        size += length;
        byName.put(name, p);
        return p;
    }

    private int grown(int capacity, int needed) {
        return (int) Math.min(limit, Math.max(needed, 2L * capacity));
    }

    /** Shrinks both arrays to what the slices use; call when a network (and its optimiser) is built. */
    public void trim() {
        if (values.length != size) {
            values = Arrays.copyOf(values, size);
        }
        if (grads.length != gradSize) {
            grads = Arrays.copyOf(grads, gradSize);
        }
    }

    /**
     * Frees the gradient array, for a copy of a network that only ever runs evaluation forwards (an inference lane):
     * half its memory. A backward pass on it afterwards fails.
     */
    public void releaseGradients() {
        grads = new float[0];
        gradSize = 0;
    }

    /** Number of values in use; arrays may be longer. */
    public int size() {
        return size;
    }

    public float[] values() {
        return values;
    }

    public float[] grads() {
        return grads;
    }

    public List<Parameter> parameters() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    public Parameter get(String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
        return p;
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** Total length of the slices with the given role. */
    public long count(Role role) {
        long n = 0;
        for (Parameter p : byName.values()) {
            if (p.role() == role) {
                n += p.length();
            }
        }
        return n;
    }

    public void zeroGrads() {
        Arrays.fill(grads, 0, gradSize, 0f);
    }

    /** A copy of the first {@link #size()} values. */
    public float[] snapshot() {
        return Arrays.copyOf(values, size);
    }

    /** Overwrites all values; the array must have exactly {@link #size()} entries. */
    public void restore(float[] state) {
        if (state.length != size) {
            throw new IllegalArgumentException("state has " + state.length + " values, this vector holds " + size);
        }
        System.arraycopy(state, 0, values, 0, size);
    }

    /** A description of the layout (name, role, offset, length) for checkpoints and compatibility checks. */
    public String layout() {
        StringBuilder sb = new StringBuilder();
        for (Parameter p : byName.values()) {
            sb.append(p.name()).append(' ').append(p.role()).append(' ').append(p.offset()).append(' ')
                    .append(p.length()).append('\n');
        }
        return sb.toString();
    }
}
