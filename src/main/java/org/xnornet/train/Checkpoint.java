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
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.tensor.ParameterVector;

/**
 * The whole training state — the run it belongs to, model spec, parameter-vector layout, progress and every value of
 * the vector (weights, Γ, BN statistics, optimiser state) — as one checksummed record. Stream-based so any filesystem
 * (local, HDFS, S3 through Hadoop) can hold it. A file that is not ours, of a newer version, truncated or corrupt is
 * refused with a {@link CheckpointException} naming its source; reading never allocates more than the bytes the
 * stream really holds, whatever its header claims. Version 1 files (no run id) still read, with an empty run id.
 */
public record Checkpoint(String runId, String spec, String layout, int iteration, int epoch, float[] state)
        implements java.io.Serializable {
    /** The first four bytes of every checkpoint and model.xnc ("XNNC"). */
    public static final int MAGIC = 0x584E4E43;
    private static final int VERSION = 2;
    private static final int CHUNK = 1 << 18;

    /** What a checkpoint's header says, read without its state. */
    public record Header(String runId, String spec, String layout, int iteration, int epoch, int length) {
    }

    /** The network's state, not yet stamped with a run ({@link CheckpointStore} stamps it). */
    public static Checkpoint of(Network net, int iteration, int epoch) {
        ParameterVector p = net.parameters();
        return new Checkpoint("", net.spec().toString(), p.layout(), iteration, epoch, p.snapshot());
    }

    public Checkpoint withRunId(String id) {
        return new Checkpoint(id, spec, layout, iteration, epoch, state);
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

    /**
     * Copies the model's values — every parameter but optimiser state, by name — into a network built from this
     * checkpoint's spec (for inference and export, or to start a run from them); the network's optimiser state, if it
     * has one, is left as it is.
     */
    public void restoreModelInto(Network net, String source) throws CheckpointException {
        java.util.Map<String, int[]> slices = new java.util.HashMap<>();
        for (String line : layout.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 4) {
                try {
                    slices.put(f[0], new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])});
                } catch (NumberFormatException e) {
                    throw new CheckpointException(source + ": checkpoint layout line '" + line + "' is corrupt");
                }
            }
        }
        ParameterVector p = net.parameters();
        for (org.xnornet.tensor.Parameter q : p.parameters()) {
            if (q.role() == org.xnornet.tensor.ParameterVector.Role.OPTIMIZER) {
                continue;
            }
            int[] s = slices.get(q.name());
            if (s == null || s[1] != q.length() || s[0] < 0 || (long) s[0] + s[1] > state.length) {
                throw new CheckpointException(source + ": checkpoint has no parameter '" + q.name() + "' of "
                        + q.length() + " values, which model '" + spec + "' needs");
            }
            System.arraycopy(state, s[0], p.values(), q.offset(), q.length());
        }
    }

    public ModelSpec modelSpec() {
        return ModelSpec.parse(spec);
    }

    public void write(OutputStream out) throws IOException {
        byte[] header = header(VERSION, runId, spec, layout, iteration, epoch, state.length);
        CRC32 crc = new CRC32();
        crc.update(header);
        DataOutputStream d = new DataOutputStream(out);
        d.write(header);
        ByteBuffer chunk = ByteBuffer.allocate(4 * Math.min(CHUNK, Math.max(1, state.length)))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < state.length; from += CHUNK) {
            int n = Math.min(CHUNK, state.length - from);
            chunk.clear();
            chunk.asFloatBuffer().put(state, from, n);
            crc.update(chunk.array(), 0, 4 * n);
            d.write(chunk.array(), 0, 4 * n);
        }
        d.writeLong(crc.getValue());
        d.flush();
    }

    /** Reads the header only (cheap even for a 100 MB state); the checksum is not verified. */
    public static Header readHeader(InputStream in, String source) throws IOException {
        return header(new DataInputStream(in), source, null);
    }

    public static Checkpoint read(InputStream in, String source) throws IOException {
        DataInputStream d = new DataInputStream(in);
        CRC32 crc = new CRC32();
        Header h = header(d, source, crc);
        try {
            List<float[]> chunks = new ArrayList<>();
            byte[] bytes = new byte[4 * Math.min(CHUNK, Math.max(1, h.length()))];
            for (int from = 0; from < h.length(); from += CHUNK) {
                int n = Math.min(CHUNK, h.length() - from);
                d.readFully(bytes, 0, 4 * n);
                crc.update(bytes, 0, 4 * n);
                float[] part = new float[n];
                ByteBuffer.wrap(bytes, 0, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(part);
                chunks.add(part);
            }
            long stored = d.readLong();
            if (crc.getValue() != stored) {
                throw new CheckpointException(source + ": checkpoint checksum mismatch (stored "
                        + Long.toHexString(stored) + ", computed " + Long.toHexString(crc.getValue())
                        + "): the file is corrupt");
            }
            if (d.read() >= 0) {
                throw new CheckpointException(source + ": bytes follow the checkpoint's checksum: the file is corrupt "
                        + "or two files were joined");
            }
            float[] state = new float[h.length()];
            int at = 0;
            for (float[] part : chunks) {
                System.arraycopy(part, 0, state, at, part.length);
                at += part.length;
            }
            return new Checkpoint(h.runId(), h.spec(), h.layout(), h.iteration(), h.epoch(), state);
        } catch (EOFException e) {
            throw new CheckpointException(source + ": checkpoint is truncated (its header announces "
                    + h.length() + " values)");
        }
    }

    private static Header header(DataInputStream d, String source, CRC32 crc) throws IOException {
        try {
            int magic = d.readInt();
            if (magic != MAGIC) {
                throw new CheckpointException(source + " is not an xnornet checkpoint (magic "
                        + Integer.toHexString(magic) + ", expected " + Integer.toHexString(MAGIC) + ")");
            }
            int version = d.readInt();
            if (version < 1 || version > VERSION) {
                throw new CheckpointException(source + ": checkpoint version " + version + " is not supported (this "
                        + "build reads versions 1 to " + VERSION + ")");
            }
            String runId = version >= 2 ? readString(d, source, 256) : "";
            String spec = readString(d, source, 1 << 16);
            String layout = readString(d, source, 16 << 20);
            int iteration = d.readInt();
            int epoch = d.readInt();
            int n = d.readInt();
            if (n < 0 || iteration < 0 || epoch < 0) {
                throw new CheckpointException(source + ": checkpoint header is corrupt (iteration " + iteration
                        + ", epoch " + epoch + ", " + n + " values)");
            }
            if (crc != null) {
                crc.update(header(version, runId, spec, layout, iteration, epoch, n));
            }
            return new Header(runId, spec, layout, iteration, epoch, n);
        } catch (EOFException e) {
            throw new CheckpointException(source + ": checkpoint is truncated (in its header)");
        }
    }

    private static byte[] header(int version, String runId, String spec, String layout, int iteration, int epoch,
            int n) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(bytes);
        h.writeInt(MAGIC);
        h.writeInt(version);
        if (version >= 2) {
            writeString(h, runId);
        }
        writeString(h, spec);
        writeString(h, layout);
        h.writeInt(iteration);
        h.writeInt(epoch);
        h.writeInt(n);
        h.flush();
        return bytes.toByteArray();
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in, String source, int limit) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > limit) {
            throw new CheckpointException(source + ": implausible string length " + n + " in checkpoint header");
        }
        byte[] b = new byte[Math.min(n, 1 << 16)];
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(n, 1 << 16));
        for (int left = n; left > 0; ) {
            int k = Math.min(left, b.length);
            in.readFully(b, 0, k);
            out.write(b, 0, k);
            left -= k;
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
