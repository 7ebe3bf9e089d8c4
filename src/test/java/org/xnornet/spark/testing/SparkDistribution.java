package org.xnornet.spark.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Spark distribution laid out from the build, for tests that run {@code spark-submit} as a user does: {@code jars/}
 * links {@code target/lib} (Spark, Hadoop and what Spark ships) and Spark's YARN module from the test class path,
 * but not what the application jar must carry itself (picocli), so a job only runs if that jar is complete;
 * {@code conf/log4j2.properties} is ours; {@code bin/spark-submit} does what the distribution's does: Spark's own
 * launcher ({@code org.apache.spark.launcher.Main}) builds the {@code SparkSubmit} command line (class path, driver
 * memory and JVM options) and the script runs it.
 */
public final class SparkDistribution {
    /** The jars of target/lib that a Spark distribution does not ship: our compile-scope dependencies. */
    static final List<String> NOT_IN_SPARK = List.of("picocli-");

    private static final String SPARK_SUBMIT = """
            #!/usr/bin/env bash
            # spark-submit of a test Spark distribution (SparkDistribution.java), as the distribution's bin/spark-class:
            # Spark's launcher prints its messages, a NUL and a newline, then the command, one argument per NUL.
            set -euo pipefail
            export SPARK_HOME="$(cd "$(dirname "$0")/.." && pwd)"
            export SPARK_SCALA_VERSION=2.13
            cmd=()
            messages=true
            while IFS= read -r -d '' arg; do
              if $messages; then
                messages=false
                if [ -n "$arg" ]; then printf '%s\n' "$arg" >&2; fi
              else
                cmd+=("$arg")
              fi
            done < <("${JAVA_HOME:?}/bin/java" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main \\
              org.apache.spark.deploy.SparkSubmit "$@")
            if [ "${#cmd[@]}" -eq 0 ]; then
              echo "spark-submit: Spark's launcher built no command" >&2
              exit 1
            fi
            cmd[0]="${cmd[0]#$'\\n'}"
            exec "${cmd[@]}"
            """;

    private final Path home;

    private SparkDistribution(Path home) {
        this.home = home;
    }

    /** Lays out {@code dir} from the project's {@code target/lib} (run after {@code package}). */
    public static SparkDistribution create(Path dir) throws IOException {
        Path project = SparkHomeLayout.projectDir();
        Path lib = project.resolve("target/lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(lib + " is missing: run mvn verify (package copies Spark there)");
        }
        Path jars = Files.createDirectories(dir.resolve("jars"));
        try (Stream<Path> files = Files.list(lib)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
                String name = jar.getFileName().toString();
                if (NOT_IN_SPARK.stream().noneMatch(name::startsWith)) {
                    Files.createSymbolicLink(jars.resolve(name), jar);
                }
            }
        }
        Path yarn = jarOf("org.apache.spark.deploy.yarn.Client");
        Files.createSymbolicLink(jars.resolve(yarn.getFileName()), yarn.toAbsolutePath());
        Files.createDirectories(dir.resolve("conf"));
        Files.copy(project.resolve("conf/log4j2.properties"), dir.resolve("conf/log4j2.properties"));
        Path submit = Files.createDirectories(dir.resolve("bin")).resolve("spark-submit");
        Files.writeString(submit, SPARK_SUBMIT);
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new SparkDistribution(dir);
    }

    private static Path jarOf(String className) {
        try {
            return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
            throw new IllegalStateException(className + " is not on the test class path (spark-yarn)", e);
        }
    }

    /** The Maven project's folder (the checkout a user runs the deploy scripts from). */
    public static Path projectDir() {
        return SparkHomeLayout.projectDir();
    }

    /** {@code SPARK_HOME}. */
    public Path home() {
        return home;
    }

    /** The jars folder, for {@code spark.yarn.jars=local:<jars>/*} (Spark is on every node, no upload). */
    public Path jars() {
        return home.resolve("jars");
    }
}
