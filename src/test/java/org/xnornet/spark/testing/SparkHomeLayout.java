package org.xnornet.spark.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project's build output seen as a Spark installation, for {@link StandaloneCluster}: a synthetic
 * {@code SPARK_HOME} whose {@code jars/} links every jar of {@code target/lib} (Spark included), because a
 * worker builds each executor's class path from {@code $SPARK_HOME/jars/*}; the application jars a driver
 * ships with {@code spark.jars} (the project jar and a jar of the test classes, so closures written in tests
 * deserialize on executors); and the JVM flags Spark needs on Java 17, read from {@code jvm.opens} in pom.xml.
 */
final class SparkHomeLayout {
    private final Path project;
    private final Path sparkHome;
    private final List<Path> appJars;
    private final List<String> jvmOpens;

    private SparkHomeLayout(Path project, Path sparkHome, List<Path> appJars, List<String> jvmOpens) {
        this.project = project;
        this.sparkHome = sparkHome;
        this.appJars = appJars;
        this.jvmOpens = jvmOpens;
    }

    /** Lays out {@code dir/spark-home} and {@code dir/app} from the project's {@code target/} (built by package). */
    static SparkHomeLayout create(Path dir) throws IOException {
        Path project = projectDir();
        Path target = project.resolve("target");
        Path lib = target.resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(lib + " is missing: run mvn verify (package copies Spark there)");
        }
        Path jars = Files.createDirectories(dir.resolve("spark-home/jars"));
        try (Stream<Path> files = Files.list(lib)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
            }
        }
        Path app = Files.createDirectories(dir.resolve("app"));
        Path testJar = jarOf(target.resolve("test-classes"), app.resolve("xnornet-spark-tests.jar"));
        return new SparkHomeLayout(project, dir.resolve("spark-home"), List.of(projectJar(target), testJar),
                readJvmOpens(project.resolve("pom.xml")));
    }

    /** The Maven project's dir: {@code basedir} under Maven, the working dir otherwise. */
    static Path projectDir() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    Path sparkHome() {
        return sparkHome;
    }

    /** Class path of the master and worker JVMs (test classes for {@link OrphanGuard}). */
    String daemonClassPath() {
        return String.join(File.pathSeparator, project.resolve("target/lib") + File.separator + "*",
                project.resolve("target/classes").toString(), project.resolve("target/test-classes").toString());
    }

    /** The project jar and the test-classes jar, for {@code spark.jars}. */
    List<Path> appJars() {
        return appJars;
    }

    /** The {@code --add-opens} and {@code -D} flags of {@code jvm.opens}. */
    List<String> jvmOpens() {
        return jvmOpens;
    }

    private static Path projectJar(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("xnornet-spark-.*(?<!-sources|-tests)\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException(
                            "no xnornet-spark-*.jar in " + target + ": run mvn verify (or package)"));
        }
    }

    private static Path jarOf(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, (OutputStream) out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static List<String> readJvmOpens(Path pom) throws IOException {
        Matcher m = Pattern.compile("<jvm\\.opens>(.*?)</jvm\\.opens>", Pattern.DOTALL).matcher(Files.readString(pom));
        if (!m.find()) {
            throw new IllegalStateException("no <jvm.opens> property in " + pom);
        }
        return new ArrayList<>(Arrays.asList(m.group(1).trim().split("\\s+")));
    }
}
