package org.xnornet.data.parquet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.testing.fuzz.FuzzHarness;
import org.xnornet.testing.fuzz.FuzzTarget;

/**
 * Mutated Parquet image files (footers, page headers, pages), manifests and datasets are read or rejected with
 * an {@link ImageDataException} naming the file.
 */
class ParquetFuzzTest {
    private static final List<String> CLASSES = List.of("0", "1", "2");
    private static final Path SAMPLE_FILE = Path.of(CommittedSampleTest.SAMPLE, "val",
            "part-00000-5c769ce3-b88c-4289-9986-950ed2aa52d1-c000.snappy.parquet");
    private static final String[] JSON_TOKENS = {"null", "[]", "{}", "\"\"", "-1", "0", "1e999", "-9223372036854775809",
        "99999999999999999999", "true", "\"1\"", "[\"1\",\"1\"]", "\"train\"", "\"\\ud800\"", ",", ":", "[[[[",
        "\"classes\":", "\"splits\":", "\"schema_version\":"};

    @TempDir
    Path dir;

    @Test
    void mutatedParquetFilesAreReadOrRejected() throws IOException {
        String file = dir.resolve("fuzz.parquet").toString();
        ClassList classes = ClassList.ofCount(10);
        FuzzTarget target = FuzzTarget.of("parquet-file", parquetSeeds(), bytes -> {
            Files.write(Path.of(file), bytes);
            ParquetImageFile f = ParquetImageFile.open(file, ParquetFixtures.CONF);
            for (int g = 0; g < f.rowGroups(); g++) {
                f.readRowGroup(g, classes, ParquetFixtures.CONF);
            }
        }, ImageDataException.class).naming(file).withTokens("PAR1", "\u0000\u0000\u0000\u0000PAR1");
        FuzzHarness.run(target, 100).assertClean();
    }

    @Test
    void mutatedManifestsAreParsedOrRejected() throws IOException {
        String source = "fuzz/manifest.json";
        FuzzTarget target = FuzzTarget.of("manifest", manifestSeeds(),
                bytes -> DatasetManifest.parse(new String(bytes, StandardCharsets.UTF_8), source).classList(),
                ImageDataException.class).naming(source).withTokens(JSON_TOKENS);
        FuzzHarness.run(target, 5000).assertClean();
    }

    /** A dataset folder whose manifest is mutated: opening it and reading every row group reads or rejects. */
    @Test
    void datasetsWithMutatedManifestsOpenOrAreRejected() throws IOException {
        Path root = dir.resolve("ds");
        ParquetFixtures.write(root.resolve("train/part-0.parquet"), ImageLayout.xnornetSchema(), rows(5), 2);
        ParquetFixtures.manifest(root, CLASSES, 5);
        byte[] manifest = Files.readAllBytes(root.resolve(DatasetManifest.FILE_NAME));
        FuzzTarget target = FuzzTarget.of("dataset", List.of(manifest), bytes -> {
            Files.write(root.resolve(DatasetManifest.FILE_NAME), bytes);
            ParquetImageDataset d = ParquetImageDataset.open(root.toString(), "train", 0, ParquetFixtures.CONF);
            for (RowGroupRef g : d.rowGroups()) {
                d.read(g, ParquetFixtures.CONF);
            }
        }, ImageDataException.class).naming(root.toString()).withTokens(JSON_TOKENS);
        FuzzHarness.run(target, 400).assertClean();
    }

    private List<byte[]> parquetSeeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(bytes(ParquetFixtures.write(dir.resolve("seeds/plain.parquet"), ImageLayout.xnornetSchema(),
                rows(7), 3)));
        seeds.add(bytes(ParquetFixtures.write(dir.resolve("seeds/snappy.parquet"), ImageLayout.xnornetSchema(),
                rows(6), 4, CompressionCodecName.SNAPPY)));
        seeds.add(bytes(ParquetFixtures.write(dir.resolve("seeds/hf.parquet"), ParquetFixtures.huggingFaceSchema(),
                rows(4), 2, CompressionCodecName.GZIP)));
        seeds.add(Files.readAllBytes(SAMPLE_FILE));
        return seeds;
    }

    private List<byte[]> manifestSeeds() throws IOException {
        DatasetManifest full = new DatasetManifest(1, CLASSES, List.of("tench", "goldfish", "shark"),
                Map.of("train", new DatasetManifest.Split(10, 2, 1), "val", new DatasetManifest.Split(3, 1, 0)),
                "test", "2026-01-01T00:00:00Z", Map.of("resize", "0"),
                List.of(new DatasetManifest.BadFile("train", "1/x.JPEG", "truncated JPEG")));
        return List.of(Files.readAllBytes(Path.of(CommittedSampleTest.SAMPLE, DatasetManifest.FILE_NAME)),
                full.toJson().getBytes(StandardCharsets.UTF_8));
    }

    private static List<ParquetFixtures.Row> rows(int n) {
        List<ParquetFixtures.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = CLASSES.get(i % CLASSES.size());
            rows.add(new ParquetFixtures.Row(ParquetFixtures.png(10 * i), i % CLASSES.size(), id, id + "/" + i + ".png"));
        }
        return rows;
    }

    private static byte[] bytes(Path p) throws IOException {
        return Files.readAllBytes(p);
    }
}
