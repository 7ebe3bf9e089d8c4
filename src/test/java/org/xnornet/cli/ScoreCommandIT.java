package org.xnornet.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.spark.ml.ScoreJob;
import org.xnornet.spark.testing.SharedSpark;

/**
 * {@code score} end to end through {@link Main}: a model trained by {@code train} on the committed sample scores its
 * validation split into Parquet, read back and checked; the run folder, a saved Spark ML model and the Hugging Face
 * layout of the same images give the same predictions; an existing output is refused and left as it was.
 */
class ScoreCommandIT {
    private static final String SAMPLE = Path.of("data/fashion-mnist-sample").toAbsolutePath().toString();
    private static final List<String> NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    @TempDir
    static Path tmp;

    @BeforeAll
    static void train() throws Exception {
        assertEquals(0, Main.run(new String[] {"train", "--data", SAMPLE, "--model", "arch=small_resnet,width=4",
            "--max-iterations", "4", "--batch", "16", "--partitions", "2", "--mean", "0.2860", "--std", "0.3530",
            "--val-split", "none", "--out", tmp.resolve("run").toString(), "--master", "local[2]"}));
    }

    @Test
    void scoresTheSampleIntoParquet() throws Exception {
        Path out = tmp.resolve("pred");
        assertEquals(0, score("--model-path", tmp.resolve("run/model.xnc").toString(), "--data", SAMPLE, "--out",
                out.toString(), "--top-k", "3"));
        SparkSession spark = SharedSpark.session();
        List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
        assertEquals(1000, rows.size());
        assertEquals(List.of("path", "label", "prediction", "predicted_class", "predicted_name", "probability",
                "top_k"), List.of(spark.read().parquet(out.toString()).columns()));
        for (Row r : rows) {
            int prediction = r.getInt(2);
            List<Row> top = r.getList(6);
            assertEquals(3, top.size());
            assertEquals(prediction, top.get(0).getInt(0));
            assertEquals(Integer.toString(prediction), r.getString(3));
            assertEquals(NAMES.get(prediction), r.getString(4));
            assertEquals(top.get(0).getDouble(3), r.getDouble(5));
            assertTrue(r.getInt(1) >= 0 && r.getInt(1) < 10);
        }

        {
            Path ml = tmp.resolve("ml-model");
            ScoreJob.model(spark, tmp.resolve("run/model.xnc").toString(), spark.sparkContext().hadoopConfiguration())
                    .write().save(ml.toString());
            Path viaMl = tmp.resolve("pred-ml");
            assertEquals(0, score("--model-path", ml.toString(), "--data", SAMPLE, "--out", viaMl.toString(),
                    "--top-k", "3"));
            Path viaFolder = tmp.resolve("pred-folder");
            assertEquals(0, score("--model-path", tmp.resolve("run").toString(), "--data", SAMPLE, "--out",
                    viaFolder.toString(), "--top-k", "3"));
            assertSame(predictions(spark, out), predictions(spark, viaMl));
            assertSame(predictions(spark, out), predictions(spark, viaFolder));
        }
    }

    @Test
    void huggingFaceLayoutScoresLikeOurs() throws Exception {
        SparkSession spark = SharedSpark.session();
        Path written = tmp.resolve("hf-spark");
        spark.read().parquet(SAMPLE + "/val").select(struct(col("image").as("bytes"), col("path")).as("image"),
                col("label").cast("long").as("label")).coalesce(1).write().parquet(written.toString());
        Path hf = Files.createDirectories(tmp.resolve("hf/data"));
        try (Stream<Path> files = Files.list(written)) {
            Path part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            Files.move(part, hf.resolve("validation-00000-of-00001.parquet"));
        }
        Path ours = tmp.resolve("pred-ours");
        Path theirs = tmp.resolve("pred-hf");
        String model = tmp.resolve("run/model.xnc").toString();
        assertEquals(0, score("--model-path", model, "--data", SAMPLE, "--out", ours.toString()));
        assertEquals(0, score("--model-path", model, "--data", tmp.resolve("hf").toString(), "--out",
                theirs.toString()));
        // other files, so other batches: the float layers' sums may differ in their last bits, the labels may not
        assertSame(labels(spark, ours), labels(spark, theirs));
        Map<String, Double> a = probabilities(spark, ours);
        Map<String, Double> b = probabilities(spark, theirs);
        a.forEach((path, p) -> assertEquals(p, b.get(path), 1e-6, path));
    }

    @Test
    void anExistingOutputIsRefusedAndKept() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(out.resolve("keep.txt"), "earlier\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new String[] {"score", "--model-path", tmp.resolve("run/model.xnc").toString(),
            "--data", SAMPLE, "--out", out.toString()}, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ExitCode.RUN_FOLDER, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("already exists"), err.toString());
        assertEquals("earlier\n", Files.readString(out.resolve("keep.txt")));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(1, files.count());
        }
        String[] overwrite = {"score", "--model-path", tmp.resolve("run/model.xnc").toString(), "--data", SAMPLE,
            "--out", out.toString(), "--overwrite"};
        assertEquals(ExitCode.RUN_FOLDER, Main.execute(overwrite, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("keep.txt"), err.toString());
        assertEquals("earlier\n", Files.readString(out.resolve("keep.txt")));

        Path earlier = tmp.resolve("pred-again");
        String model = tmp.resolve("run/model.xnc").toString();
        assertEquals(0, score("--model-path", model, "--data", SAMPLE, "--out", earlier.toString(), "--top-k", "2"));
        assertEquals(0, score("--model-path", model, "--data", SAMPLE, "--out", earlier.toString(), "--overwrite"));
        assertEquals(5, SharedSpark.session().read().parquet(earlier.toString()).select("top_k").first().getList(0)
                .size(), "the second score replaced the first");
    }

    private static int score(String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "score";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--master";
        all[args.length + 2] = "local[2]";
        return Main.run(all);
    }

    /** path → prediction and the top-k labels. */
    private static Map<String, String> labels(SparkSession spark, Path out) {
        Map<String, String> m = new TreeMap<>();
        for (Row r : spark.read().parquet(out.toString()).select("path", "prediction", "top_k.label")
                .collectAsList()) {
            m.put(r.getString(0), r.get(1) + " " + r.getList(2));
        }
        return m;
    }

    private static Map<String, Double> probabilities(SparkSession spark, Path out) {
        Map<String, Double> m = new TreeMap<>();
        for (Row r : spark.read().parquet(out.toString()).select("path", "probability").collectAsList()) {
            m.put(r.getString(0), r.getDouble(1));
        }
        return m;
    }

    /** Equal maps; else the sizes and the first entry that differs (not two maps of a thousand entries). */
    private static void assertSame(Map<String, String> expected, Map<String, String> actual) {
        if (!expected.equals(actual)) {
            String first = expected.keySet().stream().filter(k -> !expected.get(k).equals(actual.get(k))).findFirst()
                    .map(k -> k + ": " + expected.get(k) + " vs " + actual.get(k)).orElse("-");
            throw new AssertionError(expected.size() + " vs " + actual.size() + " predictions; first difference "
                    + first + "; " + actual.keySet().stream().limit(3).toList());
        }
    }

    /** path → prediction, its probability and the top-k labels. */
    private static Map<String, String> predictions(SparkSession spark, Path out) {
        Map<String, String> m = new TreeMap<>();
        for (Row r : spark.read().parquet(out.toString()).select("path", "prediction", "probability", "top_k.label")
                .collectAsList()) {
            m.put(r.getString(0), r.get(1) + " " + r.get(2) + " " + r.getList(3));
        }
        return m;
    }
}
