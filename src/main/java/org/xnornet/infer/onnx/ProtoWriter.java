package org.xnornet.infer.onnx;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The protocol-buffers wire format, as much of it as an ONNX model needs: varint fields (wire type 0),
 * 32-bit floats (wire type 5, little-endian) and length-delimited strings, bytes and nested messages (wire
 * type 2). Each field starts with its key, (field number &lt;&lt; 3) | wire type, as a varint. Repeated scalars
 * are written one key per value, the proto2 default that onnx.proto declares. A writer is a growable byte
 * buffer; a nested message is a writer of its own, copied in behind its length.
 */
final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private byte[] buf = new byte[64];
    private int size;

    int size() {
        return size;
    }

    ProtoWriter int64(int field, long value) {
        key(field, VARINT);
        varint(value);
        return this;
    }

    ProtoWriter int64s(int field, long... values) {
        for (long v : values) {
            int64(field, v);
        }
        return this;
    }

    ProtoWriter float32(int field, float value) {
        key(field, FIXED32);
        ensure(4);
        littleEndian(Float.floatToRawIntBits(value));
        return this;
    }

    ProtoWriter string(int field, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        key(field, LENGTH_DELIMITED);
        varint(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    /** Floats as little-endian bytes in one length-delimited field (TensorProto.raw_data). */
    ProtoWriter floatBytes(int field, float[] values, int offset, int count) {
        key(field, LENGTH_DELIMITED);
        varint(4L * count);
        ensure(4L * count);
        for (int i = 0; i < count; i++) {
            littleEndian(Float.floatToRawIntBits(values[offset + i]));
        }
        return this;
    }

    ProtoWriter message(int field, ProtoWriter nested) {
        key(field, LENGTH_DELIMITED);
        varint(nested.size);
        ensure(nested.size);
        System.arraycopy(nested.buf, 0, buf, size, nested.size);
        size += nested.size;
        return this;
    }

    /** This buffer's bytes, then {@code nested} as field {@code field}, streamed without copying it in here. */
    void writeTo(OutputStream out, int field, ProtoWriter nested) throws IOException {
        ProtoWriter head = new ProtoWriter();
        head.key(field, LENGTH_DELIMITED);
        head.varint(nested.size);
        out.write(buf, 0, size);
        out.write(head.buf, 0, head.size);
        out.write(nested.buf, 0, nested.size);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void key(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    /** Base 128, low groups first, the high bit set on every byte but the last; a negative takes ten bytes. */
    private void varint(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7fL) != 0) {
            buf[size++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    private void littleEndian(int bits) {
        buf[size] = (byte) bits;
        buf[size + 1] = (byte) (bits >>> 8);
        buf[size + 2] = (byte) (bits >>> 16);
        buf[size + 3] = (byte) (bits >>> 24);
        size += 4;
    }

    private void ensure(long more) {
        long needed = size + more;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("an ONNX message over 2 GiB would need external data, which is not "
                    + "written");
        }
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * buf.length)));
        }
    }
}
