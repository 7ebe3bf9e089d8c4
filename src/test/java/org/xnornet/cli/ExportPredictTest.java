package org.xnornet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.config.Settings;
import org.xnornet.data.Batch;
import org.xnornet.data.image.ImageDecoder;
import org.xnornet.data.image.ImageTransform;
import org.xnornet.data.parquet.ImageRecord;
import org.xnornet.data.parquet.ParquetImageDataset;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.nn.Mode;
import org.xnornet.nn.SoftmaxCrossEntropy;
import org.xnornet.optim.Adam;
import org.xnornet.spark.TrainJob;
import org.xnornet.tensor.Tensor;
import org.xnornet.testing.TrainedNets;
import org.xnornet.train.Checkpoint;
import org.xnornet.train.RunFolder;
import org.xnornet.train.TrainStep;

/**
 * export then predict, in this process, on a model trained briefly on the committed Fashion-MNIST sample and saved as
 * a run folder ({@code run.properties} + {@code model.xnc}, as {@code train} leaves it): every image's top-1 from
 * {@code predict} equals the training graph's evaluation forward on the same file, with the run's preprocessing and
 * the manifest's class names; the checkpoint scored directly gives the same lines; an existing output is refused.
 */
class ExportPredictTest {
    private static final String SAMPLE = Path.of("data/fashion-mnist-sample").toAbsolutePath().toString();
    private static final String SPEC = "arch=small_resnet,input=1x28x28,classes=10,width=4,scaling=gamma1";
    private static final float[] MEAN = {0.286f};
    private static final float[] STD = {0.353f};

    @TempDir
    static Path dir;
    static Network net;

    @BeforeAll
    static void trainAndSave() throws Exception {
        Configuration conf = new Configuration();
        ImageTransform eval = ImageTransform.eval(28, 28, 1, MEAN, STD);
        ParquetImageDataset train = ParquetImageDataset.open(SAMPLE, "train", 0, conf);
        List<ImageRecord> rows = train.read(train.rowGroups().get(0), conf);
        net = Network.build(ModelSpec.parse(SPEC));
        Adam adam = Adam.defaults();
        adam.attach(net.parameters());
        for (int step = 0; step < 6; step++) {
            Tensor x = Tensor.zeros(32, 1, 28, 28);
            int[] labels = new int[32];
            for (int i = 0; i < 32; i++) {
                ImageRecord r = rows.get(step * 32 + i);
                eval.apply(ImageDecoder.decode(r.image(), r.where()), null, x.data(), i * 784);
                labels[i] = r.label();
            }
            TrainStep.run(net, adam, new Batch(x, labels), 0.01f, 0, new SoftmaxCrossEntropy(0f));
        }
        Settings s = TrainJob.settings().set("out", dir.resolve("run").toString(), "test").set("data", SAMPLE, "test")
                .set("model", SPEC, "test").set("mean", "0.286", "test").set("std", "0.353", "test");
        RunFolder folder = RunFolder.open(s, "train", conf, note -> { });
        folder.claim();
        folder.writeModel(Checkpoint.of(net, 6, 0));
        ParquetImageDataset val = ParquetImageDataset.open(SAMPLE, "val", 0, conf);
        List<ImageRecord> images = val.read(val.rowGroups().get(0), conf);
        for (int i = 0; i < 40; i++) {
            Path f = dir.resolve("images").resolve(i < 20 ? "a" : "b/c").resolve(String.format("%03d.png", i));
            Files.createDirectories(f.getParent());
            Files.write(f, images.get(i).image());
        }
        Files.writeString(dir.resolve("images/README.txt"), "not an image\n");
        Files.write(dir.resolve("images/b/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0});
    }

    /** Runs a command in this process; returns {exit code, stdout, stderr}. */
    static String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.execute(args, System.err);
            return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8),
                e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** The top-1 label per path of predict's CSV output. */
    static Map<String, Integer> top1(String csv) {
        Map<String, Integer> out = new TreeMap<>();
        csv.lines().skip(1).map(l -> l.split(",")).filter(f -> f[1].equals("1"))
                .forEach(f -> out.put(f[0], Integer.parseInt(f[2])));
        return out;
    }

    @Test
    void predictionsOfTheExportedModelEqualTheTrainingGraphs() throws Exception {
        String model = dir.resolve("run/model.xnc").toString();
        String packed = dir.resolve("model.xnb").toString();
        String[] export = run("export", "--model-path", model, "--out", packed);
        assertEquals("0", export[0], export[1] + export[2]);
        assertTrue(export[1].contains("32.00x"), export[1]);
        assertTrue(export[1].contains("mean [0.286]"), "the run's preprocessing: " + export[1]);
        System.out.print(export[1]);

        String images = dir.resolve("images").toString();
        String[] predict = run("predict", "--model-path", packed, "--top-k", "3", "--batch", "16", "--format", "csv",
                "--skip-bad-images", images);
        assertEquals("0", predict[0], predict[2]);
        assertTrue(predict[2].contains("1 skipped") && predict[2].contains("broken.png"), predict[2]);
        assertTrue(predict[2].contains(images + " holds 1 file not named as an image"), predict[2]);
        Map<String, Integer> got = top1(predict[1]);
        assertEquals(40, got.size(), predict[1]);
        List<String> order = new ArrayList<>();
        predict[1].lines().skip(1).map(l -> l.split(",")[0]).distinct().forEach(order::add);
        assertEquals(order.stream().sorted().toList(), order, "images in sorted order");
        assertTrue(predict[1].contains("Ankle boot") || predict[1].contains("T-shirt/top"), "class names");

        ImageTransform eval = ImageTransform.eval(28, 28, 1, MEAN, STD);
        int agree = 0;
        for (Map.Entry<String, Integer> e : got.entrySet()) {
            Tensor x = Tensor.zeros(1, 1, 28, 28);
            eval.apply(ImageDecoder.decode(Files.readAllBytes(Path.of(e.getKey())), e.getKey()), null, x.data(), 0);
            int expected = TrainedNets.argmax(net.forward(x, Mode.EVAL).data(), 10)[0];
            assertEquals(expected, e.getValue(), e.getKey());
            agree++;
        }
        assertEquals(40, agree);

        String[] direct = run("predict", "--model-path", model, "--top-k", "3", "--batch", "7", "--format", "csv",
                "--skip-bad-images", images);
        assertEquals("0", direct[0], direct[2]);
        assertEquals(predict[1], direct[1], "the checkpoint packed on load scores like the exported file");

        String[] again = run("export", "--model-path", model, "--out", packed);
        assertEquals("4", again[0], again[2]);
        assertTrue(again[2].strip().endsWith("pass --overwrite to replace it"), again[2]);
        String[] bad = run("predict", "--model-path", packed, images);
        assertEquals("3", bad[0], bad[2]);
        String last = bad[2].strip().substring(bad[2].strip().lastIndexOf('\n') + 1);
        assertTrue(last.startsWith("error: ") && last.contains("broken.png"), bad[2]);
        String[] json = run("predict", "--model-path", packed, "--format", "json", "--top-k", "1",
                dir.resolve("images/a/000.png").toString());
        assertTrue(json[1].startsWith("{\"path\":") && json[1].contains("\"class_name\""), json[1]);
    }
}
