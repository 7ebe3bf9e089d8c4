package org.xnornet.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xnornet.config.Settings;
import org.xnornet.train.TrainKeys;

/**
 * Every training configuration in {@code conf/} loads through the option layer with {@code train}'s keys and passes
 * {@code train}'s checks (model spec, schedule, transforms), so a misspelt key or a bad value fails the build.
 */
class TrainConfFilesTest {
    /** The files of conf/ that configure logging, not {@code train}. */
    static final Set<String> NOT_TRAIN = Set.of("log4j2.properties", "logging.properties");

    static List<Path> trainConfFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("conf"))) {
            return files.filter(f -> f.toString().endsWith(".properties"))
                    .filter(f -> !NOT_TRAIN.contains(f.getFileName().toString())).sorted().toList();
        }
    }

    @Test
    void theShippedConfigurationsAreAllHere() throws IOException {
        List<String> names = trainConfFiles().stream().map(f -> f.getFileName().toString()).toList();
        assertTrue(names.containsAll(List.of("imagenet-resnet18.properties", "imagenet-alexnet.properties",
                "small-resnet-fashion-mnist.properties", "fashion-mnist-sample.properties",
                "xnornet-train.properties")), names.toString());
    }

    @ParameterizedTest
    @MethodSource("trainConfFiles")
    void loadsAndValidatesAsTrainSettings(Path file) {
        Settings s = TrainJob.settings().loadFile(file);
        if (s.get(TrainKeys.DATA).isEmpty()) {
            s.set("data", "hdfs:///data/given-on-the-command-line", "test");
        }
        TrainJob.validate(s);
    }

    /** The training configurations but the template of every key, which lists train's 'out'. */
    static List<Path> retrainConfFiles() throws IOException {
        return trainConfFiles().stream().filter(f -> !f.getFileName().toString().equals("xnornet-train.properties"))
                .toList();
    }

    /** retrain takes the training configurations too, with its registry and data given on the command line. */
    @ParameterizedTest
    @MethodSource("retrainConfFiles")
    void loadsAndValidatesAsRetrainSettings(Path file) {
        Settings s = new Settings(RetrainJob.COMMAND, RetrainJob.KEYS).loadFile(file);
        s.set("registry", "hdfs:///models/given-on-the-command-line", "test");
        if (s.get(TrainKeys.DATA).isEmpty()) {
            s.set("data", "hdfs:///data/given-on-the-command-line", "test");
        }
        RetrainJob.validate(s);
    }
}
