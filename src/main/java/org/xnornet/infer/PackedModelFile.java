package org.xnornet.infer;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The byte layout of a packed model file ({@code .xnb}), version 1, every field big-endian as DataOutputStream writes
 * it (strings: an int byte count, then UTF-8):
 * <pre>
 * int magic "XNNB"   int version   long file length (checksum included)
 * string model spec (ModelSpec's text form)
 * preprocessing: int channels, int size, int resize-shorter, float[channels] mean, float[channels] std
 * classes: int count, byte flags (1: ids follow, 2: names follow), string[count] ids, string[count] names
 * section table: int count, per section: byte kind, string name, string shape, long body bytes
 * section bodies, in table order (see {@link ModelSections})
 * int CRC32C of every byte before it
 * </pre>
 * Reading checks, in order: magic, version, the announced length against the bytes present (truncated, or bytes
 * after the end), the checksum, then every field against the bytes left, so a corrupt length never allocates more
 * than the file holds. Faults are {@link ModelFormatException}s naming the source.
 */
public final class PackedModelFile {
    public static final int MAGIC = 0x584E4E42; // "XNNB"
    public static final int VERSION = 1;
    /** Files beyond this are refused before they are read (a Java array holds at most 2 GiB). */
    static final long MAX_BYTES = Integer.MAX_VALUE - 64;
    private static final int FIXED_HEADER = 16;
    private static final int CHECKSUM = 4;

    /** What a section holds: one real layer's parameter, a binary convolution's bits, or a folded output stage. */
    public enum Kind { REAL, BINARY, STAGE }

    /** One section: its kind, the parameter or layer it is for, a description of its shape, and its bytes. */
    public record Section(Kind kind, String name, String shape, byte[] body) {
    }

    /** A file's contents. */
    public record Contents(String spec, Preprocessing preprocessing, ModelClasses classes, List<Section> sections) {
        public Contents {
            sections = List.copyOf(sections);
        }
    }

    private PackedModelFile() {
    }

    public static byte[] toBytes(Contents c) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(bytes);
            d.writeInt(MAGIC);
            d.writeInt(VERSION);
            d.writeLong(0);
            writeString(d, c.spec());
            Preprocessing p = c.preprocessing();
            d.writeInt(p.channels());
            d.writeInt(p.size());
            d.writeInt(p.resizeShorter());
            for (float v : p.mean()) {
                d.writeFloat(v);
            }
            for (float v : p.std()) {
                d.writeFloat(v);
            }
            ModelClasses k = c.classes();
            d.writeInt(k.count());
            d.writeByte((k.ids() == null ? 0 : 1) | (k.names() == null ? 0 : 2));
            for (List<String> list : java.util.Arrays.asList(k.ids(), k.names())) {
                if (list != null) {
                    for (String s : list) {
                        writeString(d, s);
                    }
                }
            }
            d.writeInt(c.sections().size());
            for (Section s : c.sections()) {
                d.writeByte(s.kind().ordinal());
                writeString(d, s.name());
                writeString(d, s.shape());
                d.writeLong(s.body().length);
            }
            for (Section s : c.sections()) {
                d.write(s.body());
            }
            d.flush();
            int length = bytes.size() + CHECKSUM;
            byte[] out = java.util.Arrays.copyOf(bytes.toByteArray(), length);
            ByteBuffer.wrap(out).putLong(8, length);
            CRC32C crc = new CRC32C();
            crc.update(out, 0, length - CHECKSUM);
            ByteBuffer.wrap(out).putInt(length - CHECKSUM, (int) crc.getValue());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory model file", e);
        }
    }

    /** Reads a stream to its end, refusing more than {@link #MAX_BYTES}, then parses it. */
    public static Contents read(InputStream in, String source) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new ModelFormatException(source + ": more than " + MAX_BYTES + " bytes: not a packed model");
        }
        return parse(bytes, source);
    }

    public static Contents parse(byte[] b, String source) {
        if (b.length < 8) {
            throw new ModelFormatException(source + " is not an xnornet packed model (" + b.length + " bytes, too "
                    + "short for its header)");
        }
        ByteBuffer head = ByteBuffer.wrap(b);
        int magic = head.getInt(0);
        if (magic != MAGIC) {
            throw new ModelFormatException(source + " is not an xnornet packed model (magic "
                    + Integer.toHexString(magic) + ", expected " + Integer.toHexString(MAGIC) + ")");
        }
        int version = head.getInt(4);
        if (version < 1 || version > VERSION) {
            throw new ModelFormatException(source + ": packed model version " + version + " is not supported (this "
                    + "build reads version " + VERSION + (version > VERSION ? "; the file is newer than this build"
                    : "; the file is corrupt") + ")");
        }
        if (b.length < FIXED_HEADER + CHECKSUM) {
            throw new ModelFormatException(source + ": packed model is truncated (" + b.length + " bytes, in its "
                    + "header)");
        }
        long announced = head.getLong(8);
        if (announced != b.length) {
            throw new ModelFormatException(source + ": packed model " + (announced > b.length ? "is truncated ("
                    + b.length + " of the " + announced + " bytes its header announces)" : "has " + b.length
                    + " bytes but its header announces " + announced + ": the file is corrupt or two files were "
                    + "joined"));
        }
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - CHECKSUM);
        int stored = head.getInt(b.length - CHECKSUM);
        if ((int) crc.getValue() != stored) {
            throw new ModelFormatException(source + ": packed model checksum mismatch (stored "
                    + Integer.toHexString(stored) + ", computed " + Integer.toHexString((int) crc.getValue())
                    + "): the file is corrupt");
        }
        ByteReader r = new ByteReader(b, FIXED_HEADER, b.length - CHECKSUM, source);
        String spec = r.string("model spec", 1 << 16);
        int channels = r.count("input channels", 1, 3, 8);
        int size = r.int32("image size");
        int resize = r.int32("resize");
        float[] mean = r.floats(channels, "mean");
        float[] std = r.floats(channels, "std");
        Preprocessing pre;
        try {
            pre = new Preprocessing(channels, size, resize, mean, std);
        } catch (IllegalArgumentException e) {
            throw r.fault("preprocessing is invalid (" + e.getMessage() + ")");
        }
        int classCount = r.count("class count", 2, Integer.MAX_VALUE, 0);
        byte flags = r.u8("class flags");
        if ((flags & ~3) != 0) {
            throw r.fault("class flags " + flags + " are unknown: the file is corrupt");
        }
        List<String> ids = (flags & 1) != 0 ? strings(r, classCount, "class id") : null;
        List<String> names = (flags & 2) != 0 ? strings(r, classCount, "class name") : null;
        ModelClasses classes;
        try {
            classes = new ModelClasses(classCount, ids, names);
        } catch (IllegalArgumentException e) {
            throw r.fault(e.getMessage());
        }
        int n = r.count("section count", 0, Integer.MAX_VALUE, 1 + 4 + 4 + 8);
        List<String[]> table = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        long[] lengths = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            int kind = r.u8("section " + i + " kind");
            if (kind < 0 || kind >= Kind.values().length) {
                throw r.fault("section " + i + " has unknown kind " + kind + ": the file is corrupt");
            }
            kinds.add(Kind.values()[kind]);
            table.add(new String[] {r.string("section " + i + " name", 1 << 12), r.string("section " + i + " shape",
                    1 << 12)});
            lengths[i] = r.int64("section " + i + " length");
            if (lengths[i] < 0 || lengths[i] > MAX_BYTES) {
                throw r.fault("section '" + table.get(i)[0] + "' announces " + lengths[i] + " bytes: the file is "
                        + "corrupt");
            }
            total += lengths[i];
        }
        if (total != r.remaining()) {
            throw r.fault("the section table announces " + total + " bytes of sections, the file holds "
                    + r.remaining() + ": the file is inconsistent");
        }
        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sections.add(new Section(kinds.get(i), table.get(i)[0], table.get(i)[1], r.bytes((int) lengths[i],
                    "section '" + table.get(i)[0] + "'")));
        }
        return new Contents(spec, pre, classes, sections);
    }

    private static List<String> strings(ByteReader r, int n, String what) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (r.remaining() < 4) {
                throw r.fault("the file ends inside " + what + " " + i + " of " + n + ": the file is inconsistent");
            }
            out.add(r.string(what + " " + i, 1 << 12));
        }
        return out;
    }

    private static void writeString(DataOutputStream d, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.writeInt(b.length);
        d.write(b);
    }
}
