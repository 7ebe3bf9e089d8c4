package org.xnornet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.train.Checkpoint;

class MainTest {
    @TempDir
    Path dir;

    @Test
    void trainLocalWritesCheckpointAndMetrics() throws IOException {
        int rc = Main.run(new String[] {"train-local", "--data", "synthetic", "--model",
            "arch=small_resnet,width=4,scaling=gamma3", "--iterations", "4", "--batch", "32", "--out",
            dir.toString(), "--log-every", "2"});
        assertEquals(0, rc);
        List<String> metrics = Files.readAllLines(dir.resolve("metrics.jsonl"));
        assertEquals(5, metrics.size(), String.join("\n", metrics));
        assertTrue(metrics.get(4).contains("\"type\":\"evaluation\""));
        try (var in = new FileInputStream(dir.resolve("model.ckpt").toFile())) {
            Checkpoint c = Checkpoint.read(in, "model.ckpt");
            assertEquals(4, c.iteration());
            assertTrue(c.spec().contains("scaling=gamma3"));
        }
        assertTrue(Files.notExists(dir.resolve("model.ckpt.tmp")));
    }

    @Test
    void badOptionsNameTheOptionAndValue() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Main.run(new String[] {"train-local", "--epoch", "3"}));
        assertTrue(unknown.getMessage().contains("--epoch"), unknown.getMessage());
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
                () -> Main.run(new String[] {"train-local", "--batch", "many"}));
        assertTrue(number.getMessage().contains("--batch") && number.getMessage().contains("many"));
        IllegalArgumentException spec = assertThrows(IllegalArgumentException.class,
                () -> Main.run(new String[] {"train-local", "--model", "arch=small_resnet,scaling=gamma9"}));
        assertTrue(spec.getMessage().contains("gamma9"), spec.getMessage());
        IllegalArgumentException command = assertThrows(IllegalArgumentException.class,
                () -> Main.run(new String[] {"fly"}));
        assertTrue(command.getMessage().contains("fly"));
    }
}
