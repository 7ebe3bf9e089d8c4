package org.xnornet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every manifest in deploy/k8s/ against its schema, offline (K8sSchemas): Kubernetes objects against Kubernetes
 * 1.35.0's, the spark-operator resources against the v1beta2 CRDs; and the same manifests broken in one field each
 * are refused, so the check can fail.
 */
class ManifestSchemaTest {
    static final Path K8S = K8sSchemas.project().resolve("deploy/k8s");

    static List<JsonNode> manifests() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                all.addAll(K8sSchemas.documents(f));
            }
        }
        return all;
    }

    static JsonNode manifest(String file, String kind) throws IOException {
        return K8sSchemas.documents(K8S.resolve(file)).stream().filter(d -> d.path("kind").asText().equals(kind))
                .findFirst().orElseThrow().deepCopy();
    }

    /** The schemas are fetched data kept out of the repository: without them the schema checks cannot run. */
    private static void requireSchemas() {
        Assumptions.assumeTrue(K8sSchemas.find().isPresent(), "Kubernetes and spark-operator schemas not on this "
                + "machine: see deploy/k8s/SCHEMAS.md (-D" + K8sSchemas.DIR_PROPERTY + " or ../shared/k8s-schemas)");
    }

    @Test
    void everyManifestMatchesItsSchema() throws IOException {
        requireSchemas();
        List<JsonNode> all = manifests();
        Set<String> kinds = new TreeSet<>();
        List<String> errors = new ArrayList<>();
        for (JsonNode m : all) {
            kinds.add(m.path("apiVersion").asText() + " " + m.path("kind").asText());
            errors.addAll(K8sSchemas.validate(m));
        }
        assertEquals(List.of(), errors);
        assertEquals(Set.of("v1 Pod", "v1 ServiceAccount", "rbac.authorization.k8s.io/v1 Role",
                "rbac.authorization.k8s.io/v1 RoleBinding", "sparkoperator.k8s.io/v1beta2 SparkApplication",
                "sparkoperator.k8s.io/v1beta2 ScheduledSparkApplication"), kinds);
    }

    @Test
    void theRetrainingScheduleNeverRunsTwoAtOnce() throws IOException {
        assertEquals("Forbid", manifest("scheduledsparkapplication.yaml", "ScheduledSparkApplication")
                .path("spec").path("concurrencyPolicy").asText());
    }

    @Test
    void aManifestBrokenInOneFieldIsRefused() throws IOException {
        requireSchemas();
        refused("sparkapplication.yaml", "SparkApplication", "memroy",
                m -> ((ObjectNode) m.path("spec").path("driver")).put("memroy", "4g"));
        refused("sparkapplication.yaml", "SparkApplication", "type",
                m -> ((ObjectNode) m.path("spec")).put("type", "Kotlin"));
        refused("sparkapplication.yaml", "SparkApplication", "mainApplicationFile",
                m -> ((ObjectNode) m.path("spec")).remove("mainApplicationFile"));
        refused("scheduledsparkapplication.yaml", "ScheduledSparkApplication", "instance",
                m -> ((ObjectNode) m.path("spec").path("template").path("executor")).put("instance", 4));
        refused("rbac.yaml", "Role", "verb",
                m -> ((ObjectNode) m.path("rules").get(0)).set("verb", ((ObjectNode) m.path("rules").get(0))
                        .remove("verbs")));
        refused("rbac.yaml", "RoleBinding", "roleRef",
                m -> ((ObjectNode) m).remove("roleRef"));
        refused("driver-pod-template.yaml", "Pod", "allowPrivilegeEscalation",
                m -> ((ObjectNode) m.path("spec").path("containers").get(0).path("securityContext"))
                        .put("allowPrivilegeEscalation", "no"));
        refused("executor-pod-template.yaml", "Pod", "securityContex",
                m -> ((ObjectNode) m.path("spec")).set("securityContex", ((ArrayNode) m.path("spec")
                        .path("containers")).get(0).path("securityContext")));
    }

    private static void refused(String file, String kind, String field, Consumer<JsonNode> breakIt)
            throws IOException {
        JsonNode m = manifest(file, kind);
        assertTrue(K8sSchemas.validate(m).isEmpty(), file + " " + kind + " is valid before it is broken");
        breakIt.accept(m);
        List<String> errors = K8sSchemas.validate(m);
        assertFalse(errors.isEmpty(), file + " " + kind + " with " + field + " broken passed");
        assertTrue(errors.stream().anyMatch(e -> e.contains(field)), field + " named in " + errors);
    }
}
