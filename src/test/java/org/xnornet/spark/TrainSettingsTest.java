package org.xnornet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One source of truth per key: the shipped conf file documents every key with its default; errors name the key. */
class TrainSettingsTest {
    static final Path CONF = Path.of("conf/xnornet-train.properties");

    @TempDir
    Path tmp;

    @Test
    void confFileDocumentsEveryKeyWithItsDefault() throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(CONF)) {
            p.load(in);
        }
        assertEquals(TrainKey.values().length, p.size(), "one entry per key");
        List<String> lines = Files.readAllLines(CONF);
        for (TrainKey k : TrainKey.values()) {
            assertEquals(k.defaultValue(), p.getProperty(k.key()), "default of " + k.key());
            int at = lines.indexOf(k.key() + "=" + k.defaultValue());
            assertTrue(at > 0 && lines.get(at - 1).startsWith("# "), k.key() + " has a comment line");
        }
        new TrainSettings().loadFile(CONF);
    }

    @Test
    void precedenceIsFileThenSparkThenCommandLine() throws Exception {
        Path file = tmp.resolve("x.properties");
        Files.writeString(file, "batch=16\nepochs=4\nlr=0.5\n");
        TrainSettings s = new TrainSettings().loadFile(file)
                .loadSpark(new SparkConf(false).set("spark.xnornet.epochs", "7").set("spark.xnornet.lr", "0.2"))
                .set("lr", "0.01", "--lr");
        assertEquals(16, s.getInt(TrainKey.BATCH));
        assertEquals(7, s.getInt(TrainKey.EPOCHS));
        assertEquals(0.01, s.getDouble(TrainKey.LR), 1e-12);
        assertEquals("spark.xnornet.epochs", s.source(TrainKey.EPOCHS));
    }

    @Test
    void errorsNameTheKeyAndTheSource() throws Exception {
        Path file = tmp.resolve("bad.properties");
        Files.writeString(file, "batch=zero\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainSettings().loadFile(file));
        assertTrue(e.getMessage().contains("key 'batch' (" + file + ") must be an integer ≥ 1, was 'zero'"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new TrainSettings().loadSpark(new SparkConf(false).set("spark.xnornet.bacth", "3")));
        assertTrue(e.getMessage().contains("unknown key 'bacth' (spark.xnornet.bacth)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrainSettings().set("optimizer", "rmsprop", "--optimizer"));
        assertTrue(e.getMessage().contains("key 'optimizer' (--optimizer) must be one of sgd, adam"), e.getMessage());
        TrainSettings s = new TrainSettings().set("batch", "32", "--batch").set("ghost-batch", "5", "--ghost-batch");
        e = assertThrows(IllegalArgumentException.class, () -> TrainRecipes.recipe(s, 10, 10));
        assertTrue(e.getMessage().contains("key 'ghost-batch' (--ghost-batch, value '5') must divide the batch 32"),
                e.getMessage());
        TrainSettings m = new TrainSettings().set("mean", "0.1,0.2", "--mean");
        e = assertThrows(IllegalArgumentException.class, () -> TrainRecipes.stat(m, TrainKey.MEAN, 3));
        assertTrue(e.getMessage().contains("key 'mean'"), e.getMessage());
    }
}
