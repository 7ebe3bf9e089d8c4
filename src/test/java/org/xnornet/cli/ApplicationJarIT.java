package org.xnornet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application jar that {@code spark-submit} takes without {@code --jars} (built by the shade plugin in
 * {@code package}): every class of {@code target/classes} (the vector path's included), picocli relocated under
 * {@code org.xnornet.shaded}, JFreeChart as it is, nothing a Spark distribution provides, and {@link Main} as its
 * main class.
 */
class ApplicationJarIT {
    /** Package prefixes of what Spark's distribution ships; none may be inside our jar. */
    static final List<String> PROVIDED = List.of("org/apache/spark/", "scala/", "org/apache/hadoop/",
            "org/apache/parquet/", "com/fasterxml/", "com/esotericsoftware/", "dev/ludovic/", "picocli/");
    static final String SHADED = "org/xnornet/shaded/picocli/";
    /** Libraries inside the jar as they are: JFreeChart (experiment's plots), which no cluster ships. */
    static final List<String> BUNDLED = List.of("org/jfree/");

    static Path jar;
    static Set<String> entries;

    @BeforeAll
    static void readJar() throws IOException {
        Path target = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            jar = files.filter(p -> p.getFileName().toString().matches("xnornet-spark-.*(?<!-sources|-tests)\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no xnornet-spark-*.jar in " + target));
        }
        try (JarFile f = new JarFile(jar.toFile())) {
            entries = f.stream().map(JarEntry::getName).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void mainClassIsTheCommandLineAndTheSparkLineIsTheOneItWasBuiltAndTestedOn() throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            assertEquals(Main.class.getName(), f.getManifest().getMainAttributes().getValue("Main-Class"));
            assertEquals(org.apache.spark.SparkContext.class.getPackage().getImplementationVersion(),
                    f.getManifest().getMainAttributes().getValue("Spark-Version"));
        }
    }

    @Test
    void holdsEveryCompiledClassOfOurs() throws IOException {
        Path classes = jar.getParent().resolve("classes");
        Set<String> ours;
        try (Stream<Path> files = Files.walk(classes)) {
            ours = files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classes.relativize(p).toString().replace('\\', '/')).collect(Collectors.toSet());
        }
        assertTrue(ours.contains("org/xnornet/cli/Main.class"), "compiled classes in " + classes);
        Set<String> missing = new TreeSet<>(ours);
        missing.removeAll(entries);
        assertTrue(missing.isEmpty(), "classes missing from " + jar + ": " + missing);
        if (Files.exists(classes.resolve("org/xnornet/infer/VectorPopcount.class"))) {
            assertTrue(entries.contains("org/xnornet/infer/VectorPopcount.class"), "the vector path is in the jar");
        }
    }

    @Test
    void carriesPicocliRelocatedAndNothingSparkProvides() {
        assertTrue(entries.contains(SHADED + "CommandLine.class"), "relocated picocli");
        List<String> provided = entries.stream().filter(e -> PROVIDED.stream().anyMatch(e::startsWith)).toList();
        assertTrue(provided.isEmpty(), "provided classes inside the jar: " + provided.stream().limit(10).toList());
        List<String> foreign = entries.stream().filter(e -> e.endsWith(".class"))
                .filter(e -> !e.startsWith("org/xnornet/") || e.startsWith("org/xnornet/shaded/")
                        && !e.startsWith(SHADED))
                .filter(e -> BUNDLED.stream().noneMatch(e::startsWith))
                .toList();
        assertTrue(foreign.isEmpty(), "classes neither ours, relocated picocli nor bundled: "
                + foreign.stream().limit(10).toList());
        assertTrue(entries.contains("org/jfree/chart/JFreeChart.class"), "JFreeChart for experiment's plots");
    }
}
