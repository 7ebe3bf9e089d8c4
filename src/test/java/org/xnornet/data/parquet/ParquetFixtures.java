package org.xnornet.data.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.xnornet.data.image.DecodedImage;
import org.xnornet.data.image.ImageEncoder;

/** Real Parquet files for unit tests, written with parquet-hadoop directly (no Spark needed). */
final class ParquetFixtures {
    /** A row to write: image bytes, label, class id, path. */
    record Row(byte[] image, long label, String classId, String path) {
    }

    private ParquetFixtures() {
    }

    static final Configuration CONF = new Configuration();

    /** A gray 8×8 PNG whose pixels all equal {@code value} (so a test can tell images apart after decoding). */
    static byte[] png(int value) {
        byte[] px = new byte[64];
        java.util.Arrays.fill(px, (byte) value);
        return ImageEncoder.png(new DecodedImage(8, 8, 1, px));
    }

    static MessageType huggingFaceSchema() {
        return Types.buildMessage()
                .optionalGroup()
                .optional(PrimitiveTypeName.BINARY).named("bytes")
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("path")
                .named("image")
                .optional(PrimitiveTypeName.INT64).named("label")
                .named("schema");
    }

    /** Writes rows in our layout (or any schema with those column names) in row groups of {@code rowsPerGroup}. */
    static Path write(Path file, MessageType schema, List<Row> rows, int rowsPerGroup) throws IOException {
        return write(file, schema, rows, rowsPerGroup, CompressionCodecName.UNCOMPRESSED);
    }

    /**
     * As {@link #write(Path, MessageType, List, int)}, with pages compressed by {@code codec}. Each row group is
     * written as a file of its own and the row groups are then appended into {@code file}, so the groups have
     * exactly {@code rowsPerGroup} rows on every Parquet version (1.15 has no row-count limit).
     */
    static Path write(Path file, MessageType schema, List<Row> rows, int rowsPerGroup, CompressionCodecName codec)
            throws IOException {
        Files.createDirectories(file.getParent());
        List<Path> groups = new java.util.ArrayList<>();
        try {
            for (int from = 0; from < rows.size(); from += rowsPerGroup) {
                Path group = file.resolveSibling(file.getFileName() + ".group-" + groups.size());
                groups.add(group);
                writeOneGroup(group, schema, rows.subList(from, Math.min(rows.size(), from + rowsPerGroup)), codec);
            }
            ParquetFileWriter out = new ParquetFileWriter(HadoopOutputFile.fromPath(hadoopPath(file), CONF), schema,
                    ParquetFileWriter.Mode.CREATE, ParquetWriter.DEFAULT_BLOCK_SIZE, 0);
            out.start();
            for (Path group : groups) {
                out.appendFile(HadoopInputFile.fromPath(hadoopPath(group), CONF));
            }
            out.end(java.util.Map.of());
        } finally {
            for (Path group : groups) {
                Files.deleteIfExists(group);
                Files.deleteIfExists(group.resolveSibling("." + group.getFileName() + ".crc"));
            }
        }
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(hadoopPath(file), CONF))) {
            for (int g = 0; g < r.getRowGroups().size(); g++) {
                long expected = Math.min(rowsPerGroup, rows.size() - (long) g * rowsPerGroup);
                if (r.getRowGroups().get(g).getRowCount() != expected) {
                    throw new IllegalStateException(file + ": row group " + g + " has "
                            + r.getRowGroups().get(g).getRowCount() + " rows, not " + expected);
                }
            }
        }
        return file;
    }

    private static org.apache.hadoop.fs.Path hadoopPath(Path file) {
        return new org.apache.hadoop.fs.Path(file.toUri());
    }

    private static void writeOneGroup(Path file, MessageType schema, List<Row> rows, CompressionCodecName codec)
            throws IOException {
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(hadoopPath(file), CONF))
                .withType(schema).withConf(CONF).withCompressionCodec(codec).build()) {
            SimpleGroupFactory f = new SimpleGroupFactory(schema);
            for (Row r : rows) {
                Group g = f.newGroup();
                boolean hf = !schema.getType("image").isPrimitive();
                if (hf) {
                    Group img = g.addGroup("image");
                    img.append("bytes", Binary.fromConstantByteArray(r.image()));
                    if (r.path() != null) {
                        img.append("path", r.path());
                    }
                } else if (r.image() != null) {
                    g.append("image", Binary.fromConstantByteArray(r.image()));
                }
                var labelType = schema.containsField("label") ? schema.getType("label") : null;
                if (labelType == null) {
                    // a schema without labels, for fault tests
                } else if (labelType.isPrimitive() && labelType.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT64) {
                    g.append("label", r.label());
                } else if (labelType.isPrimitive() && labelType.asPrimitiveType().getPrimitiveTypeName()
                        == PrimitiveTypeName.INT32) {
                    g.append("label", (int) r.label());
                } else {
                    g.append("label", Long.toString(r.label()));
                }
                if (!hf && schema.containsField("class_id") && r.classId() != null) {
                    g.append("class_id", r.classId());
                }
                if (!hf && schema.containsField("path") && r.path() != null) {
                    g.append("path", r.path());
                }
                w.write(g);
            }
        }
    }

    /** A manifest for {@code classes} with one split "train" of {@code images}. */
    static void manifest(Path root, List<String> classes, long images) throws IOException {
        DatasetManifest m = new DatasetManifest(DatasetManifest.SCHEMA_VERSION, classes, null,
                java.util.Map.of("train", new DatasetManifest.Split(images, 1, 0)), "test", "now", java.util.Map.of(),
                List.of());
        Files.writeString(root.resolve(DatasetManifest.FILE_NAME), m.toJson());
    }
}
