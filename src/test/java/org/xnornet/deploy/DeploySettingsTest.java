package org.xnornet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xnornet.testing.ProductionSparkConf;

/**
 * deploy/k8s/ agrees with the build and with itself: the Dockerfile's base image is our Spark and Scala version (the
 * 4.2 line's by default, the 4.0 line's with the build argument its comment and README give), it
 * copies the jar Maven writes to the path every manifest runs, the main class exists; and the SparkApplications
 * carry conf/spark-defaults.conf and the settings submit.sh passes, and the pod templates, unchanged.
 */
class DeploySettingsTest {
    static final Path PROJECT = K8sSchemas.project();
    static final Map<String, String> ENV = Map.of("K8S_MASTER", "k8s://https://kubernetes.example:6443",
            "IMAGE", "registry.example/xnornet-spark:0.1.0-SNAPSHOT");

    @TempDir
    Path tmp;

    static String pom(String xpath) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(
                PROJECT.resolve("pom.xml").toFile());
        return javax.xml.xpath.XPathFactory.newInstance().newXPath().evaluate(xpath, doc).trim();
    }

    /** The application jar {@code mvn package} writes. */
    static String applicationJar() throws Exception {
        return "target/" + pom("/project/artifactId") + "-" + pom("/project/version") + ".jar";
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), "/" + regex + "/ in the Dockerfile");
        return m.group(1);
    }

    @Test
    void theDockerfileBuildsOnOurSparkAndCopiesTheJarMavenWrites() throws Exception {
        String docker = Files.readString(PROJECT.resolve("deploy/k8s/Dockerfile"));
        assertEquals("apache/spark:${SPARK_VERSION}-scala" + pom("/project/properties/scala.binary.version") + "-java"
                + pom("/project/properties/maven.compiler.release") + "-ubuntu", match(docker, "^FROM (\\S+)$"));
        String defaultLine = pom("/project/properties/spark.version");
        assertEquals(defaultLine, match(docker, "^ARG SPARK_VERSION=(\\S+)$"), "the default build's Spark");
        String line40 = pom("/project/profiles/profile[id='spark-4.0']/properties/spark.version");
        assertEquals(line40, match(docker, "--build-arg SPARK_VERSION=(\\S+) "), "the 4.0 line's Spark");
        assertTrue(Files.readString(PROJECT.resolve("deploy/k8s/README.md")).contains("--build-arg SPARK_VERSION="
                + line40), "deploy/k8s/README.md builds the 4.0 line's image");
        String running = org.apache.spark.SparkContext.class.getPackage().getImplementationVersion();
        assertTrue(List.of(defaultLine, line40).contains(running), "the Spark these tests run on (" + running
                + ") has its image");
        assertEquals(applicationJar(), match(docker, "^ARG XNORNET_JAR=(\\S+)$"));
        assertEquals("${XNORNET_JAR} /opt/xnornet/xnornet-spark.jar", match(docker, "^COPY --chown=spark:spark (.+)$"));
        assertEquals(1, docker.lines().filter(l -> l.startsWith("COPY")).count(), "one COPY: the jar");
        String blas = match(docker, "apt-get install -y --no-install-recommends (\\S+);");
        assertTrue(Files.readString(PROJECT.resolve(".ci/run")).contains(blas), ".ci/run installs " + blas + " too");
        assertTrue(Files.readString(PROJECT.resolve("deploy/k8s/Dockerfile.dockerignore"))
                .contains("!target/xnornet-spark-*.jar"), "the build context keeps the jar");
    }

    @Test
    void everyLauncherRunsTheCopiedJarWithOurMainClass() throws Exception {
        List<String> argv = SubmitScript.argv(tmp, ENV, "train", "--data", "d");
        String jar = "local:///opt/xnornet/xnornet-spark.jar";
        assertEquals(List.of(jar, "train", "--data", "d"), argv.subList(argv.size() - 4, argv.size()));
        String main = SubmitScript.option(argv, "--class");
        assertEquals(pom("//plugin[artifactId='maven-jar-plugin']/configuration/archive/manifest/mainClass"), main);
        Method m = Class.forName(main).getMethod("main", String[].class);
        assertTrue(Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers()), main + ".main");
        for (JsonNode spec : sparkApplicationSpecs()) {
            assertEquals(jar, spec.path("mainApplicationFile").asText());
            assertEquals(main, spec.path("mainClass").asText());
            assertEquals(pom("/project/properties/spark.version"), spec.path("sparkVersion").asText());
        }
    }

    @Test
    void theSparkApplicationsCarryTheDefaultsTheScriptsSettingsAndThePodTemplates() throws Exception {
        Map<String, String> script = SubmitScript.confs(SubmitScript.argv(tmp, ENV, "train"));
        Map<String, String> defaults = ProductionSparkConf.properties();
        JsonNode account = ManifestSchemaTest.manifest("rbac.yaml", "ServiceAccount");
        assertEquals(script.get("spark.kubernetes.authenticate.driver.serviceAccountName"),
                account.path("metadata").path("name").asText());
        for (JsonNode spec : sparkApplicationSpecs()) {
            JsonNode conf = spec.path("sparkConf");
            defaults.forEach((k, v) -> assertEquals(v, conf.path(k).asText(null), "sparkConf " + k));
            for (String k : List.of("spark.authenticate.secret.driver.file", "spark.authenticate.secret.executor.file",
                    "spark.task.cpus")) {
                assertEquals(script.get(k), conf.path(k).asText(null), "sparkConf " + k + " vs submit.sh");
            }
            JsonNode driver = spec.path("driver");
            JsonNode executor = spec.path("executor");
            assertEquals(script.get("spark.kubernetes.authenticate.driver.serviceAccountName"),
                    driver.path("serviceAccount").asText());
            assertEquals(script.get("spark.driver.memory"), driver.path("memory").asText());
            assertEquals(script.get("spark.executor.memory"), executor.path("memory").asText());
            assertEquals(script.get("spark.executor.memoryOverhead"), executor.path("memoryOverhead").asText());
            assertEquals(script.get("spark.executor.instances"), executor.path("instances").asText());
            assertEquals(script.get("spark.executor.cores"), executor.path("cores").asText());
            assertEquals(script.get("spark.dynamicAllocation.enabled"),
                    spec.path("dynamicAllocation").path("enabled").asText());
            for (String role : List.of("driver", "executor")) {
                JsonNode secret = spec.path(role).path("secrets").get(0);
                assertEquals(script.get("spark.kubernetes." + role + ".secrets." + secret.path("name").asText()),
                        secret.path("path").asText(), role + " secret mount");
                ObjectNode template = ManifestSchemaTest.manifest(role + "-pod-template.yaml", "Pod").deepCopy();
                template.remove(List.of("apiVersion", "kind"));
                assertEquals(template, spec.path(role).path("template"), role + " template vs its pod template file");
            }
        }
    }

    @Test
    void everyNamespacedManifestLivesInTheScriptsNamespace() throws Exception {
        String namespace = SubmitScript.confs(SubmitScript.argv(tmp, ENV, "train")).get("spark.kubernetes.namespace");
        for (JsonNode m : ManifestSchemaTest.manifests()) {
            if (!m.path("kind").asText().equals("Pod")) {
                assertEquals(namespace, m.path("metadata").path("namespace").asText(), m.path("kind").asText());
            }
        }
    }

    static List<JsonNode> sparkApplicationSpecs() throws IOException {
        return List.of(ManifestSchemaTest.manifest("sparkapplication.yaml", "SparkApplication").path("spec"),
                ManifestSchemaTest.manifest("scheduledsparkapplication.yaml", "ScheduledSparkApplication")
                        .path("spec").path("template"));
    }
}
