package org.xnornet.infer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Big-endian fields (DataOutputStream's order) read from bytes already in memory, every read checked against what
 * is left, so a corrupt count or length is refused with {@code "<source>: <what> ..."} before anything is allocated
 * for it.
 */
final class ByteReader {
    private final ByteBuffer buffer;
    private final String source;

    ByteReader(byte[] bytes, int from, int to, String source) {
        this.buffer = ByteBuffer.wrap(bytes, from, to - from).slice();
        this.source = source;
    }

    int position() {
        return buffer.position();
    }

    int remaining() {
        return buffer.remaining();
    }

    ModelFormatException fault(String what) {
        return new ModelFormatException(source + ": " + what);
    }

    private void need(long bytes, String what) {
        if (bytes < 0 || bytes > buffer.remaining()) {
            throw fault(what + " needs " + bytes + " bytes, " + buffer.remaining() + " are left: the file is "
                    + "inconsistent");
        }
    }

    byte u8(String what) {
        need(1, what);
        return buffer.get();
    }

    int int32(String what) {
        need(4, what);
        return buffer.getInt();
    }

    long int64(String what) {
        need(8, what);
        return buffer.getLong();
    }

    /** A count in [min, max] that is also at most what is left divided by {@code bytesEach}. */
    int count(String what, int min, int max, int bytesEach) {
        int n = int32(what);
        if (n < min || n > max || (long) n * bytesEach > buffer.remaining()) {
            throw fault(what + " is " + n + ", outside " + min + ".." + Math.min(max, buffer.remaining()
                    / Math.max(1, bytesEach)) + ": the file is corrupt");
        }
        return n;
    }

    String string(String what, int limit) {
        int n = count(what + " length", 0, limit, 1);
        byte[] b = new byte[n];
        buffer.get(b);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw fault(what + " is not UTF-8 text: the file is corrupt");
        }
    }

    float[] floats(int n, String what) {
        need(4L * n, what);
        float[] f = new float[n];
        buffer.asFloatBuffer().get(f);
        buffer.position(buffer.position() + 4 * n);
        return f;
    }

    int[] ints(int n, String what) {
        need(4L * n, what);
        int[] v = new int[n];
        buffer.asIntBuffer().get(v);
        buffer.position(buffer.position() + 4 * n);
        return v;
    }

    byte[] bytes(int n, String what) {
        need(n, what);
        byte[] b = new byte[n];
        buffer.get(b);
        return b;
    }

    /** Fails unless every byte was read. */
    void end(String what) {
        if (buffer.hasRemaining()) {
            throw fault(what + " has " + buffer.remaining() + " bytes more than its fields: the file is inconsistent");
        }
    }
}
