package org.xnornet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    private void writeImages(String name, int magic, int n, int rows, int cols, int bytes) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(dir.resolve(name))))) {
            out.writeInt(magic);
            out.writeInt(n);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int i = 0; i < bytes; i++) {
                out.write(i * 37);
            }
        }
    }

    private void writeLabels(String name, int... labels) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(name)))) {
            out.writeInt(0x801);
            out.writeInt(labels.length);
            for (int l : labels) {
                out.write(l);
            }
        }
    }

    @Test
    void readsGzippedImagesAndPlainLabels() throws IOException {
        writeImages("train-images-idx3-ubyte.gz", 0x803, 2, 2, 3, 12);
        writeLabels("train-labels-idx1-ubyte", 4, 9);
        ArrayDataset d = IdxReader.load(dir, "train", 10, 0f, 1f);
        assertEquals(2, d.size());
        assertEquals(9, d.label(1));
        float[] sample = new float[6];
        d.copySample(1, sample, 0);
        assertEquals(((6 * 37) & 0xff) / 255f, sample[0], 1e-6f);
    }

    @Test
    void truncatedFileNamesTheFile() throws IOException {
        writeImages("train-images-idx3-ubyte.gz", 0x803, 2, 2, 3, 7);
        writeLabels("train-labels-idx1-ubyte", 1, 2);
        IOException e = assertThrows(IOException.class, () -> IdxReader.load(dir, "train", 10, 0f, 1f));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz") && e.getMessage().contains("truncated"),
                e.getMessage());
    }

    @Test
    void wrongMagicAndLabelOutOfRangeAreNamed() throws IOException {
        writeImages("train-images-idx3-ubyte.gz", 0x801, 1, 1, 1, 1);
        writeLabels("train-labels-idx1-ubyte", 1);
        IOException magic = assertThrows(IOException.class, () -> IdxReader.load(dir, "train", 10, 0f, 1f));
        assertTrue(magic.getMessage().contains("0x803"), magic.getMessage());
        writeImages("train-images-idx3-ubyte.gz", 0x803, 2, 1, 1, 2);
        writeLabels("train-labels-idx1-ubyte", 1, 12);
        IOException range = assertThrows(IOException.class, () -> IdxReader.load(dir, "train", 10, 0f, 1f));
        assertTrue(range.getMessage().contains("row 1") && range.getMessage().contains("12"), range.getMessage());
        IOException missing = assertThrows(IOException.class, () -> IdxReader.load(dir, "t10k", 10, 0f, 1f));
        assertTrue(missing.getMessage().contains("t10k-images-idx3-ubyte"), missing.getMessage());
    }
}
