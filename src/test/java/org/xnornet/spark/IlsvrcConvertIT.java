package org.xnornet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.data.image.DecodedImage;
import org.xnornet.data.image.ImageDecoder;
import org.xnornet.data.parquet.DatasetManifest;
import org.xnornet.data.parquet.ImageDataException;
import org.xnornet.data.parquet.ImageRecord;
import org.xnornet.data.parquet.ParquetImageDataset;
import org.xnornet.data.parquet.RowGroupRef;
import org.xnornet.data.parquet.RowGroupRowLimit;
import org.xnornet.spark.testing.DatasetAssertions;
import org.xnornet.spark.testing.SharedSpark;

/** The ILSVRC converter as a Spark job on a generated tree with every known quirk. */
@ExtendWith(SharedSpark.class)
class IlsvrcConvertIT {
    @TempDir
    static Path tmp;
    static Path tree;

    @BeforeAll
    static void writeTree() throws Exception {
        tree = IlsvrcTree.write(tmp.resolve("ilsvrc"));
    }

    private static ConvertOptions options(String out, int resize, long seed, double maxBad, String valLabels,
            String valSynsets, boolean overwrite) {
        return new ConvertOptions(tree.toString(), tmp.resolve(out).toString(), 2, 256, 128, 3, resize, 0.9f, seed,
                overwrite, maxBad, valLabels, valSynsets, 0, 0);
    }

    /**
     * Every row group of the split holds at most {@code limit} rows and all but the last of each write task's are
     * full; the manifest counts the files there are: {@code tasks} where Parquet caps row groups itself, else one per
     * row group (files of at most {@code limit} rows, as SplitWriter writes them on Parquet 1.15).
     */
    static void assertRowGroupsCapped(String location, String split, int limit, int tasks, DatasetManifest.Split s) {
        ParquetImageDataset d = ParquetImageDataset.open(location, split, 0, new Configuration());
        List<RowGroupRef> groups = d.rowGroups();
        assertTrue(groups.stream().allMatch(g -> g.rows() > 0 && g.rows() <= limit), split + ": " + groups);
        assertTrue(groups.stream().filter(g -> g.rows() < limit).count() <= tasks, split + ": " + groups);
        assertEquals(d.files().size(), s.files(), split);
        assertEquals(RowGroupRowLimit.supported() ? tasks : groups.size(), s.files(), split);
    }

    static List<ImageRecord> rows(String location, String split) {
        Configuration conf = new Configuration();
        ParquetImageDataset d = ParquetImageDataset.open(location, split, 0, conf);
        List<ImageRecord> out = new ArrayList<>();
        for (RowGroupRef g : d.rowGroups()) {
            out.addAll(d.read(g, conf));
        }
        return out;
    }

    @Test
    void labelsCountsAndExactlyTheBadFiles(SparkSession spark) throws Exception {
        DatasetManifest m = ConvertJob.ilsvrc(spark, options("plain", 0, 3, 0.5, null, null, false));
        assertEquals(IlsvrcTree.CLASSES, m.classes());
        assertEquals(IlsvrcTree.TRAIN_GOOD, m.splits().get("train").images());
        assertEquals(2, m.splits().get("train").bad());
        assertEquals(6, m.splits().get("val").images());
        assertEquals(0, m.splits().get("val").bad());
        assertRowGroupsCapped(tmp.resolve("plain").toString(), "train", 3, 2, m.splits().get("train"));
        assertRowGroupsCapped(tmp.resolve("plain").toString(), "val", 3, 2, m.splits().get("val"));
        assertEquals(Set.of(IlsvrcTree.TRUNCATED, IlsvrcTree.EMPTY),
                m.badFiles().stream().map(DatasetManifest.BadFile::path).collect(Collectors.toSet()));
        assertTrue(m.badFiles().stream().allMatch(b -> b.split().equals("train") && !b.reason().isEmpty()));

        String out = tmp.resolve("plain").toString();
        List<ImageRecord> train = rows(out, "train");
        assertEquals(IlsvrcTree.TRAIN_GOOD, train.size());
        for (ImageRecord r : train) {
            String wnid = r.path().split("/")[1];
            assertEquals(IlsvrcTree.CLASSES.indexOf(wnid), r.label(), r.path());
            assertEquals(wnid, r.classId());
            assertArrayEquals(Files.readAllBytes(tree.resolve(r.path())), r.image(), "bytes kept as stored: " + r.path());
            ImageDecoder.decode(r.image(), r.path());
        }
        assertTrue(train.stream().anyMatch(r -> r.path().endsWith("_cmyk.JPEG")));
        assertTrue(train.stream().anyMatch(r -> r.path().endsWith("_gray.JPEG")));
        assertTrue(train.stream().anyMatch(r -> r.path().endsWith("_png.JPEG")));
        assertEquals(valLabels(), labelsByPath(rows(out, "val")));
    }

    private static Map<String, Integer> valLabels() {
        Map<String, Integer> expected = new HashMap<>();
        IlsvrcTree.VAL.forEach((name, wnid) -> expected.put("val/" + name, IlsvrcTree.CLASSES.indexOf(wnid)));
        return expected;
    }

    private static Map<String, Integer> labelsByPath(List<ImageRecord> rows) {
        Map<String, Integer> out = new HashMap<>();
        rows.forEach(r -> out.put(r.path(), r.label()));
        return out;
    }

    @Test
    void devkitGroundTruthWithItsSynsetOrderGivesTheSameLabels(SparkSession spark) throws Exception {
        ConvertJob.ilsvrc(spark, options("devkit", 0, 3, 0.5,
                tree.resolve("ILSVRC2012_validation_ground_truth.txt").toString(),
                tree.resolve("synsets_devkit_order.txt").toString(), false));
        assertEquals(valLabels(), labelsByPath(rows(tmp.resolve("devkit").toString(), "val")));
        ImageDataException e = assertThrows(ImageDataException.class, () -> ConvertJob.ilsvrc(spark, options("devkit2",
                0, 3, 0.5, tree.resolve("ILSVRC2012_validation_ground_truth.txt").toString(), null, false)));
        assertTrue(e.getMessage().contains("--val-synsets"), e.getMessage());
    }

    @Test
    void resizeStoresJpegsOfTheShorterSide(SparkSession spark) throws Exception {
        ConvertJob.ilsvrc(spark, options("small", 32, 3, 0.5, null, null, false));
        for (ImageRecord r : rows(tmp.resolve("small").toString(), "train")) {
            DecodedImage img = ImageDecoder.decode(r.image(), r.path());
            assertEquals(32, Math.min(img.width(), img.height()), r.path());
            assertEquals(0xFF, r.image()[0] & 0xff, "JPEG magic");
            assertEquals(0xD8, r.image()[1] & 0xff, "JPEG magic");
        }
    }

    @Test
    void tooManyBadFilesWriteNothing(SparkSession spark) throws Exception {
        ImageDataException e = assertThrows(ImageDataException.class,
                () -> ConvertJob.ilsvrc(spark, options("strict", 0, 3, 0.001, null, null, false)));
        assertTrue(e.getMessage().contains("2 of 20 source images") && e.getMessage().contains(IlsvrcTree.EMPTY),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("strict")));
        try (var listing = Files.list(tmp)) {
            assertTrue(listing.noneMatch(p -> p.getFileName().toString().startsWith(".strict")), "temp removed");
        }
    }

    @Test
    void refusesToOverwriteWithoutTheFlag(SparkSession spark) throws Exception {
        ConvertJob.ilsvrc(spark, options("twice", 0, 3, 0.5, null, null, false));
        ImageDataException e = assertThrows(ImageDataException.class,
                () -> ConvertJob.ilsvrc(spark, options("twice", 0, 3, 0.5, null, null, false)));
        assertTrue(e.getMessage().contains("already exists; pass --overwrite"), e.getMessage());
        ConvertJob.ilsvrc(spark, options("twice", 32, 3, 0.5, null, null, true));
        assertEquals("32", ParquetImageDataset.open(tmp.resolve("twice").toString(), "train", 0, new Configuration())
                .manifest().options().get("resize"));
    }

    @Test
    void theSeedDecidesTheRowOrder(SparkSession spark) throws Exception {
        ConvertJob.ilsvrc(spark, options("seedA", 0, 11, 0.5, null, null, false));
        ConvertJob.ilsvrc(spark, options("seedA2", 0, 11, 0.5, null, null, false));
        ConvertJob.ilsvrc(spark, options("seedB", 0, 12, 0.5, null, null, false));
        List<String> a = rows(tmp.resolve("seedA").toString(), "train").stream().map(ImageRecord::path).toList();
        assertEquals(a, rows(tmp.resolve("seedA2").toString(), "train").stream().map(ImageRecord::path).toList());
        assertNotEquals(a, rows(tmp.resolve("seedB").toString(), "train").stream().map(ImageRecord::path).toList());
        var seedA = spark.read().parquet(tmp.resolve("seedA/train").toString());
        DatasetAssertions.assertDatasetEquals(seedA, spark.read().parquet(tmp.resolve("seedA2/train").toString()));
        DatasetAssertions.assertDatasetEqualsUnordered(seedA, spark.read().parquet(tmp.resolve("seedB/train").toString()));
        assertThrows(AssertionError.class, () -> DatasetAssertions.assertDatasetEquals(seedA,
                spark.read().parquet(tmp.resolve("seedB/train").toString())), "a different order is seen");
    }
}
