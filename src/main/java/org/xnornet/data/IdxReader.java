package org.xnornet.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads MNIST-family IDX files (optionally gzipped) from any Hadoop filesystem — the local trainer from a local
 * folder, the converter on executors: unsigned-byte images (magic 0x803) and labels (magic 0x801). Pixels become
 * (v/255 − mean)/std. Errors name the file and what was expected.
 */
public final class IdxReader {
    /** Fashion-MNIST training-set pixel mean and standard deviation on the [0, 1] scale. */
    public static final float FASHION_MEAN = 0.2860f;
    public static final float FASHION_STD = 0.3530f;

    private IdxReader() {
    }

    /** Loads {@code <prefix>-images-idx3-ubyte[.gz]} and {@code <prefix>-labels-idx1-ubyte[.gz]} from a folder. */
    public static ArrayDataset load(java.nio.file.Path folder, String prefix, int classes, float mean, float std)
            throws IOException {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path dir = new Path(folder.toAbsolutePath().toUri());
        String images = find(fs, dir, prefix + "-images-idx3-ubyte");
        String labels = find(fs, dir, prefix + "-labels-idx1-ubyte");
        int[] dims = new int[3];
        byte[] pixels;
        byte[] lab;
        try (InputStream in = open(fs, images)) {
            pixels = readImages(in, images, dims);
        }
        try (InputStream in = open(fs, labels)) {
            lab = readLabels(in, labels);
        }
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

    /** The path of {@code name} or {@code name.gz} in folder {@code dir} of any Hadoop filesystem. */
    public static String find(FileSystem fs, Path dir, String name) throws IOException {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path p = new Path(dir, candidate);
            if (fs.isFile(p)) {
                return p.toString();
            }
        }
        throw new IOException("no " + name + " or " + name + ".gz in " + dir
                + " (for Fashion-MNIST: apt-get install dataset-fashion-mnist, files in /usr/share/datasets/fashion-mnist)");
    }

    /** Opens an IDX file of any Hadoop filesystem, gunzipping it when its name ends in .gz. */
    public static InputStream open(FileSystem fs, String file) throws IOException {
        InputStream in = new BufferedInputStream(fs.open(new Path(file)), 1 << 16);
        if (!file.endsWith(".gz")) {
            return in;
        }
        try {
            return new GZIPInputStream(in, 1 << 16);
        } catch (IOException e) {
            in.close();
            throw named(e, file);
        }
    }

    /**
     * Reads an IDX image file from a stream (gunzipped already if needed): fills {@code dims} with
     * [count, rows, cols] and returns the pixels; {@code name} names the file in errors.
     */
    public static byte[] readImages(InputStream stream, String name, int[] dims) throws IOException {
        try {
            DataInputStream in = new DataInputStream(stream);
            int magic = in.readInt();
            if (magic != 0x803) {
                throw new IOException(name + ": magic number " + Integer.toHexString(magic)
                        + " is not an IDX image file (expected 0x803)");
            }
            dims[0] = in.readInt();
            dims[1] = in.readInt();
            dims[2] = in.readInt();
            long perImage = (long) dims[1] * dims[2];
            if (dims[0] < 0 || dims[1] < 1 || dims[2] < 1 || perImage > Integer.MAX_VALUE
                    || dims[0] * perImage > Integer.MAX_VALUE) {
                throw new IOException(name + ": implausible image dimensions " + dims[0] + "x" + dims[1] + "x"
                        + dims[2]);
            }
            return readData(in, (int) (dims[0] * perImage), name);
        } catch (IOException e) {
            throw named(e, name);
        }
    }

    /** Reads an IDX label file from a stream (gunzipped already if needed); {@code name} names it in errors. */
    public static byte[] readLabels(InputStream stream, String name) throws IOException {
        try {
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
            return readData(in, n, name);
        } catch (IOException e) {
            throw named(e, name);
        }
    }

    /**
     * The {@code n} bytes the header promises, read as they arrive (so a header that promises more than the file
     * holds costs no more memory than the file).
     */
    private static byte[] readData(InputStream in, int n, String p) throws IOException {
        byte[] data = in.readNBytes(n);
        if (data.length < n) {
            throw new IOException(p + " is truncated: the header promises " + n + " bytes of data, the file holds "
                    + data.length);
        }
        return data;
    }

    /** {@code e} if its message names the file; otherwise the same fault with the file named (gzip, end of file). */
    private static IOException named(IOException e, String file) {
        if (e.getMessage() != null && e.getMessage().contains(file)) {
            return e;
        }
        String why = e.getMessage() != null ? e.getMessage() : e instanceof EOFException ? "it ends early" : e.toString();
        return new IOException(file + " is corrupt or truncated: " + why, e);
    }
}
