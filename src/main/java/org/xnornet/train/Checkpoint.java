package org.xnornet.train;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.tensor.ParameterVector;

/**
 * The whole training state — model spec, parameter-vector layout, progress and every value of the vector
 * (weights, Γ, BN statistics, optimiser state) — as one checksummed record. Stream-based so any filesystem
 * (local, HDFS, S3 through Hadoop) can hold it; a truncated or corrupted record is refused with a message
 * naming its source.
 */
public record Checkpoint(String spec, String layout, int iteration, int epoch, float[] state) {
    private static final int MAGIC = 0x584E4E43; // "XNNC"
    private static final int VERSION = 1;

    public static Checkpoint of(Network net, int iteration, int epoch) {
        ParameterVector p = net.parameters();
        return new Checkpoint(net.spec().toString(), p.layout(), iteration, epoch, p.snapshot());
    }

    /**
     * Copies the state into a network built from the same spec (the initialisation seed may differ) with the
     * same optimiser attached.
     */
    public void restoreInto(Network net, String source) {
        if (!net.spec().withSeed(0).equals(modelSpec().withSeed(0))) {
            throw new IllegalArgumentException(source + ": checkpoint is for model '" + spec + "' but the network is '"
                    + net.spec() + "'");
        }
        if (!net.parameters().layout().equals(layout)) {
            throw new IllegalArgumentException(source + ": checkpoint parameter layout differs from the network's"
                    + " (different optimiser?)");
        }
        net.parameters().restore(state);
    }

    public ModelSpec modelSpec() {
        return ModelSpec.parse(spec);
    }

    public void write(OutputStream out) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(header);
        h.writeInt(MAGIC);
        h.writeInt(VERSION);
        writeString(h, spec);
        writeString(h, layout);
        h.writeInt(iteration);
        h.writeInt(epoch);
        h.writeInt(state.length);
        h.flush();
        ByteBuffer body = ByteBuffer.allocate(4 * state.length).order(ByteOrder.LITTLE_ENDIAN);
        body.asFloatBuffer().put(state);
        CRC32 crc = new CRC32();
        crc.update(header.toByteArray());
        crc.update(body.array());
        DataOutputStream d = new DataOutputStream(out);
        d.write(header.toByteArray());
        d.write(body.array());
        d.writeLong(crc.getValue());
        d.flush();
    }

    public static Checkpoint read(InputStream in, String source) throws IOException {
        DataInputStream d = new DataInputStream(in);
        try {
            CRC32 crc = new CRC32();
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(header);
            int magic = d.readInt();
            if (magic != MAGIC) {
                throw new IOException(source + " is not an xnornet checkpoint (magic " + Integer.toHexString(magic) + ")");
            }
            int version = d.readInt();
            if (version != VERSION) {
                throw new IOException(source + ": checkpoint version " + version + " is not supported (expected "
                        + VERSION + ")");
            }
            String spec = readString(d, source);
            String layout = readString(d, source);
            int iteration = d.readInt();
            int epoch = d.readInt();
            int n = d.readInt();
            if (n < 0) {
                throw new IOException(source + ": negative state length " + n);
            }
            h.writeInt(magic);
            h.writeInt(version);
            writeString(h, spec);
            writeString(h, layout);
            h.writeInt(iteration);
            h.writeInt(epoch);
            h.writeInt(n);
            h.flush();
            byte[] body = new byte[4 * n];
            d.readFully(body);
            long stored = d.readLong();
            crc.update(header.toByteArray());
            crc.update(body);
            if (crc.getValue() != stored) {
                throw new IOException(source + ": checkpoint checksum mismatch (stored " + Long.toHexString(stored)
                        + ", computed " + Long.toHexString(crc.getValue()) + "): the file is corrupt");
            }
            float[] state = new float[n];
            ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(state);
            return new Checkpoint(spec, layout, iteration, epoch, state);
        } catch (EOFException e) {
            throw new IOException(source + ": checkpoint is truncated", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in, String source) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (64 << 20)) {
            throw new IOException(source + ": implausible string length " + n + " in checkpoint header");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
