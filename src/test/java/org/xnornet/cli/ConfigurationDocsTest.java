package org.xnornet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.xnornet.config.ConfigException;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;
import org.xnornet.data.DataKeys;
import org.xnornet.spark.TrainJob;
import org.xnornet.train.TrainKeys;
import org.xnornet.train.TrainRecipe;

/**
 * One source of truth per key: its declaration. conf/xnornet-train.properties and docs/CONFIGURATION.md are rendered
 * from the declarations and must equal what is committed (regenerate with {@code -Dxnornet.writeDocs=true}); a key
 * of one name is one key, with one default, in every command; the shipped configurations load.
 */
class ConfigurationDocsTest {
    static final Path CONF = Path.of("conf/xnornet-train.properties");
    static final Path DOC = Path.of("docs/CONFIGURATION.md");
    static final Map<String, List<KeyGroup>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("train", TrainJob.KEYS);
        COMMANDS.put("train-local", TrainLocalCommand.KEYS);
        COMMANDS.put("convert", ConvertCommand.KEYS);
        COMMANDS.put("bench", BenchCommand.KEYS);
        COMMANDS.put("export", ExportCommand.KEYS);
        COMMANDS.put("predict", PredictCommand.KEYS);
        COMMANDS.put("score", org.xnornet.spark.ml.ScoreJob.KEYS);
        COMMANDS.put("retrain", org.xnornet.spark.RetrainJob.KEYS);
        COMMANDS.put("registry", RegistryCommand.KEYS);
        COMMANDS.put("experiment", org.xnornet.experiment.ExperimentRunner.KEYS);
    }

    static String properties() {
        StringBuilder b = new StringBuilder("""
                # Configuration of `xnornet train` (the distributed trainer): every key with its default and meaning.
                # Rendered from the keys' declarations (docs/CONFIGURATION.md lists every command's keys); a test keeps
                # it equal. Precedence, lowest first: these defaults (built in), a file given with --conf (this format),
                # Spark properties spark.xnornet.<key> (e.g. spark-submit --conf spark.xnornet.batch=64), then
                # command-line options --<key> value. Values are checked before Spark starts; an error names the key,
                # the value and where it came from.
                """);
        for (KeyGroup g : TrainJob.KEYS) {
            b.append("\n# ---- ").append(g.title()).append('\n');
            for (Key<?> k : g.keys()) {
                b.append("\n# ").append(k.doc()).append(" (").append(k.type().description())
                        .append(k.definesRun() ? "; defines the run" : "").append(")\n");
                b.append(k.name()).append('=').append(k.defaultText()).append('\n');
            }
        }
        return b.toString();
    }

    static String markdown() {
        Map<String, Key<?>> keys = new TreeMap<>();
        Map<String, List<String>> usedBy = new TreeMap<>();
        COMMANDS.forEach((command, groups) -> groups.forEach(g -> g.keys().forEach(k -> {
            keys.put(k.name(), k);
            usedBy.computeIfAbsent(k.name(), n -> new java.util.ArrayList<>()).add(command);
        })));
        StringBuilder b = new StringBuilder("""
                # Configuration keys

                Every key of every command, rendered from the keys' declarations (`ConfigurationDocsTest` keeps this
                file equal to them). A key is a properties-file entry (`--conf <file>`), a Spark property
                `spark.xnornet.<key>` (Spark commands) and a command-line option `--<key> value` (`--<key>=value`; a
                boolean key alone means `true`); precedence is in that order, the command line last. Numbers take
                every notation Java prints (`0.0001`, `1.0E-4`; integers also `1e3`); booleans take `true` or `false`
                only. Keys that *define the run* are recorded in its run folder (`run.properties`) and must be equal
                when it resumes; the others may change between sittings. `--verbose` prints the stack trace of an
                error, `--help` a command's options.

                | key | commands | type | default | defines the run | meaning |
                |---|---|---|---|---|---|
                """);
        keys.forEach((name, k) -> b.append("| `").append(name).append("` | ").append(String.join(", ", usedBy.get(name)))
                .append(" | ").append(k.type().description()).append(" | ")
                .append(k.defaultText().isEmpty() ? "" : "`" + k.defaultText() + "`").append(" | ")
                .append(k.definesRun() ? "yes" : "").append(" | ").append(k.doc().replace("|", "\\|")).append(" |\n"));
        return b.toString();
    }

    @Test
    void committedDocumentsEqualTheDeclarations() throws Exception {
        if (Boolean.getBoolean("xnornet.writeDocs")) {
            Files.writeString(CONF, properties());
            Files.writeString(DOC, markdown());
        }
        assertEquals(properties(), Files.readString(CONF), CONF + " (regenerate: mvn test -Dtest=ConfigurationDocsTest "
                + "-Dxnornet.writeDocs=true)");
        assertEquals(markdown(), Files.readString(DOC), DOC + " (regenerate with -Dxnornet.writeDocs=true)");
    }

    @Test
    void aNameIsOneKeyInEveryCommand() {
        Map<String, Key<?>> seen = new TreeMap<>();
        COMMANDS.values().forEach(groups -> groups.forEach(g -> g.keys().forEach(k -> {
            Key<?> before = seen.putIfAbsent(k.name(), k);
            assertTrue(before == null || before == k, "two declarations of key " + k.name());
        })));
    }

    @Test
    void shippedConfigurationsLoadAndValidate() {
        for (String file : new String[] {"conf/xnornet-train.properties", "conf/fashion-mnist-sample.properties"}) {
            Settings s = TrainJob.settings().loadFile(Path.of(file)).set("data", "x", "test");
            TrainJob.validate(s);
        }
    }

    @Test
    void recipeChecksNameTheKey() {
        Settings s = TrainJob.settings().set("batch", "32", "--batch").set("ghost-batch", "5", "--ghost-batch");
        ConfigException e = assertThrows(ConfigException.class, () -> TrainRecipe.ghostBatch(s));
        assertEquals("key 'ghost-batch' (--ghost-batch, value '5') must divide the batch 32", e.getMessage());
        Settings m = TrainJob.settings().set("mean", "0.1,0.2", "--mean");
        e = assertThrows(ConfigException.class, () -> TrainRecipe.stat(m, DataKeys.MEAN, 3));
        assertTrue(e.getMessage().startsWith("key 'mean' (--mean, value '0.1,0.2') must be 'imagenet' or 3 "), e.getMessage());
        Settings std = TrainJob.settings().set("std", "0.0001", "--std").set("mean", "0.5", "--mean");
        assertEquals(1e-4f, TrainRecipe.stat(std, DataKeys.STD, 1)[0], "a small std is not refused for its '-'");
        assertThrows(ConfigException.class, () -> TrainJob.settings().set("std", "0.1,-0.2,0.3", "--std"));
        assertThrows(ConfigException.class, () -> TrainJob.settings().set("schedule", "step:x:0.1", "--schedule"));
        assertEquals(TrainKeys.BATCH.defaultText(), new Settings("train-local", TrainLocalCommand.KEYS)
                .text(TrainKeys.BATCH), "train and train-local share one default");
    }
}
