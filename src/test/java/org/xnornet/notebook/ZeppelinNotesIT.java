package org.xnornet.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every paragraph of every note in notebooks/, in order, as Zeppelin's Spark interpreter would: one local
 * SparkSession configured with the interpreter properties notebooks/README.md gives, {@code spark} and {@code sc}
 * bound in a Scala 2.13 REPL with Zeppelin's imports, {@code %spark} paragraphs interpreted, {@code %spark.sql}
 * through {@code spark.sql}, {@code %md} checked as Markdown, and every {@code %html} PNG the notes print decoded.
 * The notes are also checked as Zeppelin 0.12 note files ({@link ZeppelinNote}). A broken paragraph fails with its
 * note, number, title and the interpreter's report; each note's output and plots are kept in target/notebook-output/.
 */
class ZeppelinNotesIT {
    private static final Path NOTES = Path.of("notebooks");
    private static final Pattern PROPERTY = Pattern.compile("^\\|\\s*`(spark\\.[A-Za-z0-9.]+)`\\s*\\|\\s*`([^`]*)`");
    private static final Pattern PNG = Pattern.compile("<img [^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");

    @TempDir
    Path tmp;

    @Test
    void everyParagraphOfEveryNoteRuns() throws Exception {
        List<ZeppelinNote> notes = notes();
        assertEquals(List.of("1", "2", "3", "4"), notes.stream().map(n -> n.name().substring(8, 9)).toList(),
                "the four notes of issue 15, named xnornet-<n>-…");
        System.setProperty("xnornet.home", Path.of("").toAbsolutePath().toString());
        System.setProperty("xnornet.notebooks", tmp.resolve("work").toString());
        Path classes = Files.createDirectories(tmp.resolve("repl-classes"));
        SparkSession.getActiveSession().foreach(s -> { s.stop(); return null; });
        SparkSession.getDefaultSession().foreach(s -> { s.stop(); return null; });
        SparkSession spark = SparkSession.builder().config(interpreterConf(classes)).getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Path output = Files.createDirectories(Path.of("target/notebook-output"));
        try (ScalaRepl repl = new ScalaRepl(classpath(), classes)) {
            repl.bind("spark", spark.getClass().getCanonicalName(), spark);
            repl.bind("sc", "org.apache.spark.SparkContext", spark.sparkContext());
            for (String line : List.of("import org.apache.spark.SparkContext._", "import spark.implicits._",
                    "import spark.sql", "import org.apache.spark.sql.functions._")) {
                repl.run(line);
            }
            String only = System.getProperty("xnornet.notes", ".*"); // a name pattern, to run some notes while editing
            for (ZeppelinNote note : notes.stream().filter(n -> n.name().matches(only)).toList()) {
                StringBuilder log = new StringBuilder();
                try {
                    run(note, repl, spark, log);
                } finally {
                    Files.writeString(output.resolve(note.name() + ".txt"), log);
                }
            }
        } finally {
            Thread.currentThread().setContextClassLoader(before);
            spark.stop();
        }
    }

    private static void run(ZeppelinNote note, ScalaRepl repl, SparkSession spark, StringBuilder log) {
        assertEquals("%md", note.paragraphs().get(0).interpreter(), note.name() + ": opens with a %md paragraph");
        assertTrue(note.paragraphs().get(0).body().contains("spark.jars"),
                note.name() + ": the first paragraph says how to put our jar on the interpreter (spark.jars)");
        for (ZeppelinNote.Paragraph p : note.paragraphs()) {
            String where = note.file().getFileName() + " paragraph " + (p.index() + 1) + " (" + p.title() + ")";
            log.append("=== ").append(where).append(' ').append(p.interpreter()).append('\n');
            long t0 = System.nanoTime();
            switch (p.interpreter()) {
                case "%md" -> MarkdownCheck.check(p.body(), where);
                case "%spark.sql" -> {
                    var rows = spark.sql(p.body()).collectAsList();
                    assertFalse(rows.isEmpty(), where + ": the query returns rows");
                    rows.forEach(r -> log.append(r).append('\n'));
                }
                default -> {
                    String out;
                    try {
                        out = repl.run(p.body());
                    } catch (ScalaRepl.ParagraphFailed e) {
                        throw new AssertionError(where + " failed: " + e.getMessage());
                    }
                    log.append(out.replaceAll("base64,[A-Za-z0-9+/=]{80,}", "base64,…")).append('\n');
                    checkImages(out, where, note.name() + "-paragraph" + (p.index() + 1));
                }
            }
            log.append(String.format("(%.1f s)%n", (System.nanoTime() - t0) / 1e9));
        }
    }

    private static void checkImages(String out, String where, String name) {
        Matcher m = PNG.matcher(out);
        while (m.find()) {
            assertTrue(out.contains("%html"), where + ": an image printed outside a %html output");
            try {
                byte[] png = Base64.getDecoder().decode(m.group(1));
                Files.write(Path.of("target/notebook-output", name + ".png"), png);
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
                assertNotNull(img, where + ": the PNG decodes");
                assertTrue(img.getWidth() >= 200 && img.getHeight() >= 100, where + ": a plot, not a stub image");
            } catch (IOException e) {
                throw new AssertionError(where + ": bad PNG: " + e.getMessage());
            }
        }
    }

    /** The notes, checked as Zeppelin files, in file-name order. */
    static List<ZeppelinNote> notes() throws IOException {
        List<ZeppelinNote> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(NOTES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".zpln")).sorted().toList()) {
                out.add(ZeppelinNote.read(f));
            }
        }
        return out;
    }

    /** The Spark properties of notebooks/README.md's interpreter table, for a local master and this REPL. */
    private static SparkConf interpreterConf(Path replClasses) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        for (String line : Files.readAllLines(NOTES.resolve("README.md"))) {
            Matcher m = PROPERTY.matcher(line);
            if (m.find()) {
                props.put(m.group(1), m.group(2));
            }
        }
        assertTrue(props.containsKey("spark.jars") && props.containsKey("spark.serializer"),
                "notebooks/README.md's interpreter table names spark.jars and the serializer: " + props.keySet());
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("zeppelin-notes")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.repl.class.outputDir", replClasses.toString());
        props.forEach((k, v) -> {
            if (!k.equals("spark.jars") && !k.equals("spark.master")) {
                conf.set(k, v);
            }
        });
        return conf;
    }

    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null ? cp : System.getProperty("java.class.path");
    }
}
