package org.xnornet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.spark.TrainJob;

/**
 * The README's "Run on Kubernetes" commands, as a user types them, against the files they use: the image built from
 * the Dockerfile with the tag the manifests run, the manifests applied (each one ManifestSchemaTest checks), the
 * Secret's name and key where submit.sh mounts and reads it, submit.sh run with the README's environment and
 * arguments (every option a key of train), all in submit.sh's namespace. A command this test does not know fails it.
 * And "Run the tests": .ci/run runs exactly its commands, both Spark lines.
 */
class ReadmeCommandsTest {
    @TempDir
    Path tmp;

    static List<String> commands() throws Exception {
        return commands("## Run on Kubernetes");
    }

    /** The lines of the bash blocks in the README's section {@code heading}. */
    static List<String> commands(String heading) throws Exception {
        String readme = Files.readString(K8sSchemas.project().resolve("README.md"));
        String section = readme.substring(readme.indexOf(heading));
        section = section.substring(0, section.indexOf("\n## ", 3));
        List<String> out = new ArrayList<>();
        for (String block : section.split("```bash\n")) {
            if (block.contains("```")) {
                Arrays.stream(block.substring(0, block.indexOf("```")).replace("\\\n", " ").split("\n"))
                        .map(String::trim).filter(l -> !l.isEmpty()).forEach(out::add);
            }
        }
        return out;
    }

    static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        for (String w : command.split("\\s+")) {
            out.add(w.replace("\"", ""));
        }
        return out;
    }

    @Test
    void ciRunsExactlyTheReadmesTestCommandsForBothSparkLines() throws Exception {
        List<String> ci = Files.readAllLines(K8sSchemas.project().resolve(".ci/run")).stream()
                .filter(l -> l.startsWith("mvn ")).toList();
        assertEquals(commands("## Run the tests"), ci);
        assertTrue(ci.stream().anyMatch(l -> l.contains("-Pspark-4.0")), "the Spark 4.0 line: " + ci);
    }

    @Test
    void everyKubernetesCommandMatchesTheFilesItUses() throws Exception {
        Map<String, String> script = SubmitScript.confs(SubmitScript.argv(tmp, DeploySettingsTest.ENV, "train"));
        String namespace = script.get("spark.kubernetes.namespace");
        String manifestImage = ManifestSchemaTest.manifest("sparkapplication.yaml", "SparkApplication")
                .path("spec").path("image").asText();
        Map<String, String> tags = new HashMap<>();
        String pushed = null;
        Set<String> done = new java.util.TreeSet<>();
        for (String command : commands()) {
            List<String> w = words(command);
            String verb = w.get(0).contains("=") ? "submit" : w.get(0) + " " + w.get(1);
            switch (verb) {
                case "mvn -B" -> assertEquals(List.of("mvn", "-B", "package", "-DskipTests"), w);
                case "docker build" -> {
                    assertEquals(List.of("docker", "build", "-f", "deploy/k8s/Dockerfile", "-t", manifestImage, "."), w);
                    assertEquals(manifestImage, "xnornet-spark:" + DeploySettingsTest.pom("/project/version"));
                }
                case "docker tag" -> {
                    assertEquals(manifestImage, w.get(2));
                    tags.put(w.get(3), w.get(2));
                }
                case "docker push" -> {
                    assertTrue(tags.containsKey(w.get(2)), "pushes the tagged image: " + command);
                    pushed = w.get(2);
                }
                case "kubectl create" -> assertEquals(List.of("kubectl", "create", "namespace", namespace), w);
                case "kubectl apply" -> {
                    Path f = K8sSchemas.project().resolve(w.get(3));
                    assertTrue(Files.isRegularFile(f) && f.getParent().endsWith("deploy/k8s")
                            && f.toString().endsWith(".yaml"), "a manifest ManifestSchemaTest checks: " + command);
                }
                case "kubectl -n" -> kubectlInNamespace(w, namespace, script);
                case "submit" -> submit(w, pushed);
                default -> throw new AssertionError("a README command this test does not check: " + command);
            }
            done.add(verb);
        }
        assertEquals(Set.of("mvn -B", "docker build", "docker tag", "docker push", "kubectl create", "kubectl apply",
                "kubectl -n", "submit"), done);
    }

    private static void kubectlInNamespace(List<String> w, String namespace, Map<String, String> script) {
        assertEquals(namespace, w.get(2));
        if (w.get(3).equals("logs")) {
            assertEquals(List.of("logs", "-f", "-l", "spark-role=driver"), w.subList(3, w.size()));
            return;
        }
        assertEquals(List.of("create", "secret", "generic"), w.subList(3, 6));
        String secret = w.get(6);
        String mount = script.get("spark.kubernetes.driver.secrets." + secret);
        assertTrue(mount != null, "submit.sh mounts Secret " + secret);
        String key = w.get(7).substring("--from-literal=".length(), w.get(7).indexOf('=', "--from-literal=".length()));
        assertEquals(mount + "/" + key, script.get("spark.authenticate.secret.driver.file"));
    }

    private void submit(List<String> w, String pushed) throws Exception {
        Map<String, String> env = new HashMap<>();
        int i = 0;
        while (w.get(i).contains("=")) {
            env.put(w.get(i).substring(0, w.get(i).indexOf('=')), w.get(i).substring(w.get(i).indexOf('=') + 1));
            i++;
        }
        assertEquals("deploy/k8s/submit.sh", w.get(i));
        assertEquals(pushed, env.get("IMAGE"), "submits the pushed image");
        assertTrue(env.get("K8S_MASTER").startsWith("k8s://https://"), env.toString());
        List<String> args = w.subList(i + 1, w.size());
        List<String> argv = SubmitScript.argv(tmp, env, args.toArray(String[]::new));
        assertEquals(args, argv.subList(argv.size() - args.size(), argv.size()));
        assertEquals("train", args.get(0));
        Set<String> keys = TrainJob.KEYS.stream().flatMap(g -> g.keys().stream()).map(k -> "--" + k.name())
                .collect(Collectors.toSet());
        args.stream().filter(a -> a.startsWith("--")).forEach(a -> assertTrue(keys.contains(a), a + " is a train key"));
    }
}
