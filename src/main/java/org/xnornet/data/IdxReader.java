package org.xnornet.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST-family IDX files (optionally gzipped): unsigned-byte images (magic 0x803) and labels
 * (magic 0x801). Pixels become (v/255 − mean)/std. Errors name the file and what was expected.
 */
public final class IdxReader {
    /** Fashion-MNIST training-set pixel mean and standard deviation on the [0, 1] scale. */
    public static final float FASHION_MEAN = 0.2860f;
    public static final float FASHION_STD = 0.3530f;

    private IdxReader() {
    }

    /** Loads {@code <prefix>-images-idx3-ubyte[.gz]} and {@code <prefix>-labels-idx1-ubyte[.gz]} from a folder. */
    public static ArrayDataset load(Path folder, String prefix, int classes, float mean, float std) throws IOException {
        Path images = find(folder, prefix + "-images-idx3-ubyte");
        Path labels = find(folder, prefix + "-labels-idx1-ubyte");
        int[] dims = new int[3];
        byte[] pixels = readImages(images, dims);
        byte[] lab = readLabels(labels);
        if (lab.length != dims[0]) {
            throw new IOException(labels + " has " + lab.length + " labels but " + images + " has " + dims[0]
                    + " images");
        }
        float[] data = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            data[i] = ((pixels[i] & 0xff) / 255f - mean) / std;
        }
        int[] labelsInt = new int[lab.length];
        for (int i = 0; i < lab.length; i++) {
            labelsInt[i] = lab[i] & 0xff;
            if (labelsInt[i] >= classes) {
                throw new IOException(labels + ": label " + labelsInt[i] + " at row " + i + " is outside 0.."
                        + (classes - 1));
            }
        }
        return new ArrayDataset(data, labelsInt, new int[] {1, dims[1], dims[2]}, classes,
                folder.resolve(prefix) + " (" + lab.length + " images)");
    }

    static Path find(Path folder, String name) throws IOException {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path p = folder.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("no " + name + " or " + name + ".gz in " + folder
                + " (for Fashion-MNIST: apt-get install dataset-fashion-mnist, files in /usr/share/datasets/fashion-mnist)");
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        if (p.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(in);
    }

    static byte[] readImages(Path p, int[] dims) throws IOException {
        try (InputStream in = open(p)) {
            return readImages(in, p.toString(), dims);
        }
    }

    /**
     * Reads an IDX image file from a stream (gunzipped already if needed): fills {@code dims} with
     * [count, rows, cols] and returns the pixels; {@code name} names the file in errors.
     */
    public static byte[] readImages(InputStream stream, String name, int[] dims) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int magic = in.readInt();
        if (magic != 0x803) {
            throw new IOException(name + ": magic number " + Integer.toHexString(magic)
                    + " is not an IDX image file (expected 0x803)");
        }
        dims[0] = in.readInt();
        dims[1] = in.readInt();
        dims[2] = in.readInt();
        if (dims[0] < 0 || dims[1] < 1 || dims[2] < 1 || (long) dims[0] * dims[1] * dims[2] > Integer.MAX_VALUE) {
            throw new IOException(name + ": implausible image dimensions " + dims[0] + "x" + dims[1] + "x" + dims[2]);
        }
        byte[] data = new byte[dims[0] * dims[1] * dims[2]];
        readFully(in, data, name);
        return data;
    }

    static byte[] readLabels(Path p) throws IOException {
        try (InputStream in = open(p)) {
            return readLabels(in, p.toString());
        }
    }

    /** Reads an IDX label file from a stream (gunzipped already if needed); {@code name} names it in errors. */
    public static byte[] readLabels(InputStream stream, String name) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int magic = in.readInt();
        if (magic != 0x801) {
            throw new IOException(name + ": magic number " + Integer.toHexString(magic)
                    + " is not an IDX label file (expected 0x801)");
        }
        int n = in.readInt();
        if (n < 0) {
            throw new IOException(name + ": negative label count " + n);
        }
        byte[] data = new byte[n];
        readFully(in, data, name);
        return data;
    }

    private static void readFully(DataInputStream in, byte[] data, String p) throws IOException {
        try {
            in.readFully(data);
        } catch (EOFException e) {
            throw new IOException(p + " is truncated: the header promises " + data.length + " bytes of data", e);
        }
    }
}
