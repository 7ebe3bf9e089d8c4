package org.xnornet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.data.ArrayDataset;
import org.xnornet.data.IdxReader;
import org.xnornet.data.image.DecodedImage;
import org.xnornet.data.image.ImageDecoder;
import org.xnornet.data.parquet.DatasetManifest;
import org.xnornet.data.parquet.ImageRecord;
import org.xnornet.spark.testing.SharedSpark;
import org.xnornet.testing.FashionMnist;

/** Real Fashion-MNIST IDX files through the IDX converter: lossless PNG rows with the source's labels. */
@ExtendWith(SharedSpark.class)
class IdxConvertIT {
    @TempDir
    Path tmp;

    @Test
    void pixelsAndLabelsSurviveConversionExactly(SparkSession spark) throws Exception {
        Path idx = FashionMnist.dir();
        Path out = tmp.resolve("fmnist");
        DatasetManifest m = ConvertJob.idx(spark, new ConvertOptions(idx.toString(), out.toString(), 2, 256, 128, 200,
                0, 0.9f, 5, false, 0.001, null, null, 1500, 500));
        assertEquals(ConvertJob.FASHION_MNIST_CLASSES, m.classNames());
        assertEquals(1500, m.splits().get("train").images());
        assertEquals(500, m.splits().get("val").images());
        assertEquals(0, m.splits().get("train").bad() + m.splits().get("val").bad());
        IlsvrcConvertIT.assertRowGroupsCapped(out.toString(), "train", 200, 2, m.splits().get("train"));
        IlsvrcConvertIT.assertRowGroupsCapped(out.toString(), "val", 200, 2, m.splits().get("val"));
        ArrayDataset source = IdxReader.load(idx, "train", 10, 0f, 1f);
        List<ImageRecord> rows = IlsvrcConvertIT.rows(out.toString(), "train");
        Set<Integer> indexes = new HashSet<>();
        float[] expected = new float[784];
        for (ImageRecord r : rows) {
            int index = Integer.parseInt(r.path().substring(r.path().indexOf('#') + 1));
            indexes.add(index);
            assertEquals(source.copySample(index, expected, 0), r.label(), r.path());
            DecodedImage img = ImageDecoder.decode(r.image(), r.path());
            assertEquals(1, img.channels());
            float[] actual = new float[784];
            for (int i = 0; i < 784; i++) {
                actual[i] = (img.pixels()[i] & 0xff) / 255f;
            }
            assertArrayEquals(expected, actual, r.path());
        }
        assertEquals(1500, indexes.size(), "a random subset without repeats");
        assertTrue(indexes.stream().anyMatch(i -> i >= 30000), "drawn from the whole file, not its head");
        int[] perClass = new int[10];
        rows.forEach(r -> perClass[r.label()]++);
        assertTrue(Arrays.stream(perClass).allMatch(c -> c > 100), Arrays.toString(perClass));
    }
}
