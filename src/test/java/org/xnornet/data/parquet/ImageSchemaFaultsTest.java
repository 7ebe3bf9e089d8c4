package org.xnornet.data.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema and row faults fail fast, naming the file, column and row at fault. */
class ImageSchemaFaultsTest {
    @TempDir
    Path dir;

    private static final List<String> CLASSES = List.of("n01", "n02", "n03");

    private Path dataset(MessageType schema, List<ParquetFixtures.Row> rows) throws Exception {
        Path root = dir.resolve("ds");
        ParquetFixtures.write(root.resolve("train/part-0.parquet"), schema, rows, 10);
        ParquetFixtures.manifest(root, CLASSES, rows.size());
        return root;
    }

    private static ParquetFixtures.Row row(long label, String classId) {
        return new ParquetFixtures.Row(ParquetFixtures.png(7), label, classId, "train/" + classId + "/x.png");
    }

    private String failure(Path root) {
        ImageDataException e = assertThrows(ImageDataException.class, () -> {
            ParquetImageDataset d = ParquetImageDataset.open(root.toString(), "train", 0, ParquetFixtures.CONF);
            for (RowGroupRef g : d.rowGroups()) {
                d.read(g, ParquetFixtures.CONF);
            }
        });
        return e.getMessage();
    }

    @Test
    void missingColumnNamesFileAndColumn() throws Exception {
        MessageType noLabel = Types.buildMessage().optional(PrimitiveTypeName.BINARY).named("image").named("s");
        String m = failure(dataset(noLabel, List.of(row(0, "n01"))));
        assertTrue(m.contains("part-0.parquet") && m.contains("no column 'label'"), m);
    }

    @Test
    void wrongTypeNamesColumnAndExpectation() throws Exception {
        MessageType stringLabel = Types.buildMessage().optional(PrimitiveTypeName.BINARY).named("image")
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("label").named("s");
        String m = failure(dataset(stringLabel, List.of(row(0, "n01"))));
        assertTrue(m.contains("part-0.parquet") && m.contains("'label' has type binary; expected int32 or int64"), m);
        MessageType intImage = Types.buildMessage().optional(PrimitiveTypeName.INT32).named("image")
                .optional(PrimitiveTypeName.INT32).named("label").named("s");
        dir.resolve("ds/train/part-0.parquet").toFile().delete();
        m = failure(dataset(intImage, List.of()));
        assertTrue(m.contains("'image' has type int32; expected binary"), m);
    }

    @Test
    void labelOutOfRangeNamesTheRow() throws Exception {
        String m = failure(dataset(ImageLayout.xnornetSchema(), List.of(row(0, "n01"), row(1, "n02"), row(3, null))));
        assertTrue(m.contains("part-0.parquet row 2: label 3 is outside 0..2"), m);
    }

    @Test
    void unknownClassNamesTheRowAndClass() throws Exception {
        String m = failure(dataset(ImageLayout.xnornetSchema(), List.of(row(0, "n01"), row(1, "n99"))));
        assertTrue(m.contains("part-0.parquet row 1: class_id 'n99' is not one of the dataset's 3 classes"), m);
    }

    @Test
    void labelAndClassIdThatDisagreeFail() throws Exception {
        String m = failure(dataset(ImageLayout.xnornetSchema(), List.of(row(2, "n01"))));
        assertTrue(m.contains("row 0: label 2 is class 'n03' but class_id says 'n01'"), m);
    }

    @Test
    void nullImageNamesTheRow() throws Exception {
        String m = failure(dataset(ImageLayout.xnornetSchema(), List.of(row(0, "n01"),
                new ParquetFixtures.Row(null, 1, "n02", "p"))));
        assertTrue(m.contains("row 1: column 'image' is null"), m);
    }

    @Test
    void notParquetNamesTheFile() throws Exception {
        Path root = dir.resolve("ds");
        java.nio.file.Files.createDirectories(root.resolve("train"));
        java.nio.file.Files.writeString(root.resolve("train/part-0.parquet"), "not parquet");
        ParquetFixtures.manifest(root, CLASSES, 1);
        String m = failure(root);
        assertTrue(m.contains("part-0.parquet could not be read as Parquet"), m);
    }

    @Test
    void missingSplitNamesTheSplits() throws Exception {
        Path root = dataset(ImageLayout.xnornetSchema(), List.of(row(0, "n01")));
        ImageDataException e = assertThrows(ImageDataException.class,
                () -> ParquetImageDataset.open(root.toString(), "val", 0, ParquetFixtures.CONF));
        assertTrue(e.getMessage().contains("has no split 'val'") && e.getMessage().contains("[train]"), e.getMessage());
    }

    @Test
    void badManifestNamesTheKey() throws Exception {
        Path root = dataset(ImageLayout.xnornetSchema(), List.of(row(0, "n01")));
        java.nio.file.Files.writeString(root.resolve("manifest.json"),
                "{\"format\":\"xnornet-image-parquet\",\"schema_version\":7}");
        ImageDataException e = assertThrows(ImageDataException.class,
                () -> ParquetImageDataset.open(root.toString(), "train", 0, ParquetFixtures.CONF));
        assertTrue(e.getMessage().contains("manifest.json: key 'schema_version' is 7"), e.getMessage());
    }

    @Test
    void huggingFaceFilesWithoutManifestTakeClassesFromStatistics() throws Exception {
        Path root = dir.resolve("hf");
        ParquetFixtures.write(root.resolve("data/train-00000-of-00001.parquet"), ParquetFixtures.huggingFaceSchema(),
                List.of(row(0, null), row(4, null)), 10);
        ParquetImageDataset d = ParquetImageDataset.open(root.toString(), "train", 0, ParquetFixtures.CONF);
        assertEquals(ImageLayout.HUGGING_FACE, d.files().get(0).layout());
        assertEquals(5, d.classes().size());
        assertEquals(2, d.rows());
    }
}
