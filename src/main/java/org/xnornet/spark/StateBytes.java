package org.xnornet.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The training state on the wire: little-endian float32 bytes. Kryo and Java serialization copy a {@code byte[]}
 * in bulk but write a {@code float[]} element by element, which made the state's transfer several times slower.
 */
final class StateBytes {
    private StateBytes() {
    }

    static byte[] encode(float[] state) {
        return encode(state, state.length);
    }

    /** The first {@code n} values of {@code values}. */
    static byte[] encode(float[] values, int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values, 0, n);
        return b.array();
    }

    /** Decodes into {@code values[0, n)}; the byte count must match. */
    static void decodeInto(byte[] bytes, float[] values, int n) {
        if (bytes.length != 4 * n) {
            throw new IllegalArgumentException("state has " + bytes.length / 4 + " values, the network holds " + n);
        }
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values, 0, n);
    }

    static float[] decode(byte[] bytes) {
        float[] state = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(state);
        return state;
    }

    /** Adds the encoded floats to {@code sum}. */
    static void addTo(byte[] bytes, double[] sum) {
        var f = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += f.get(i);
        }
    }
}
