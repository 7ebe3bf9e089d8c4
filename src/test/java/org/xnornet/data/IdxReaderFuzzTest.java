package org.xnornet.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.testing.fuzz.FuzzHarness;
import org.xnornet.testing.fuzz.FuzzTarget;

/** Mutated IDX image and label files, plain and gzipped, are read or rejected with an IOException naming the file. */
class IdxReaderFuzzTest {
    private static final String IMAGES = "fuzz-images-idx3-ubyte";
    private static final String LABELS = "fuzz-labels-idx1-ubyte";

    @TempDir
    Path dir;

    @Test
    void mutatedImageFilesAreReadOrRejected() throws IOException {
        FuzzTarget target = FuzzTarget.of("idx-images", List.of(images(3, 2, 4), images(0, 1, 1), images(2, 28, 28)),
                b -> IdxReader.readImages(new ByteArrayInputStream(b), IMAGES, new int[3]), IOException.class)
                .naming(IMAGES);
        FuzzHarness.run(target, 3000).assertClean();
    }

    @Test
    void mutatedLabelFilesAreReadOrRejected() throws IOException {
        FuzzTarget target = FuzzTarget.of("idx-labels", List.of(labels(5), labels(0), labels(60)),
                b -> IdxReader.readLabels(new ByteArrayInputStream(b), LABELS), IOException.class).naming(LABELS);
        FuzzHarness.run(target, 3000).assertClean();
    }

    /** Gzipped image files opened through {@link IdxReader#open}, as the converter reads them on executors. */
    @Test
    void mutatedGzippedFilesAreReadOrRejected() throws IOException {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        String file = dir.resolve("train-images-idx3-ubyte.gz").toString();
        FuzzTarget target = FuzzTarget.of("idx-gzip", List.of(gzip(images(3, 2, 4)), gzip(images(3, 5, 5))), b -> {
            Files.write(Path.of(file), b);
            try (InputStream in = IdxReader.open(fs, file)) {
                IdxReader.readImages(in, file, new int[3]);
            }
        }, IOException.class).naming(file).withTokens("\u001f\u008b\u0008\u0000");
        FuzzHarness.run(target, 800).assertClean();
    }

    private static byte[] images(int n, int rows, int cols) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x803);
            out.writeInt(n);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int i = 0; i < n * rows * cols; i++) {
                out.write(i * 37);
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] labels(int n) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x801);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.write(i % 10);
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(b);
        }
        return bytes.toByteArray();
    }
}
