package org.xnornet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The schemas deploy/k8s/ is checked against, offline: Kubernetes 1.35.0's OpenAPI definitions (the ones Spark 4.2's
 * Fabric8 7.6.1 model is generated from) for Kubernetes objects, and the spark-operator v2.5.2 CRDs' v1beta2
 * openAPIV3Schema for its resources; provenance, versions, licences and checksums in deploy/k8s/SCHEMAS.md. Both are
 * made strict here: an object schema that lists its properties admits no others (unless it says
 * {@code x-kubernetes-preserve-unknown-fields}), as {@code kubectl apply}'s default strict field validation rejects
 * unknown fields where the API server would otherwise drop them silently.
 */
final class K8sSchemas {
    /**
     * Where the schema files are looked for, first found: this system property, then shared/k8s-schemas beside the
     * project. They are fetched public data, which the project's rules keep out of its repository
     * (deploy/k8s/SCHEMAS.md says where each comes from and how to get it).
     */
    static final String DIR_PROPERTY = "xnornet.k8sSchemas";
    static final ObjectMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();
    private static JsonNode kubernetesDefinitions;

    private K8sSchemas() {
    }

    static Path project() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    /** The schema folder, if this machine has one. */
    static Optional<Path> find() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty(DIR_PROPERTY)).map(Path::of).ifPresent(candidates::add);
        candidates.add(project().resolveSibling("shared").resolve("k8s-schemas"));
        return candidates.stream().filter(p -> Files.isRegularFile(p.resolve("kubernetes-1.35.0.json"))).findFirst();
    }

    static Path dir() {
        return find().orElseThrow(() -> new IllegalStateException("no k8s-schemas folder (kubernetes-1.35.0.json "
                + "and the two spark-operator CRDs; deploy/k8s/SCHEMAS.md) in -D" + DIR_PROPERTY + " or "
                + project().resolveSibling("shared").resolve("k8s-schemas")));
    }

    /** Every YAML document of a file, as a tree. */
    static List<JsonNode> documents(Path yaml) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml.toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(n -> {
                if (n != null && !n.isMissingNode() && !n.isNull()) {
                    out.add(n);
                }
            });
        }
        return out;
    }

    /** The errors of {@code object} against the schema of its apiVersion and kind (either family). */
    static List<String> validate(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        Schema schema = CACHE.computeIfAbsent(apiVersion + "/" + kind, k -> apiVersion.startsWith("sparkoperator.k8s.io/")
                ? crd(apiVersion, kind) : kubernetes(apiVersion, kind));
        List<String> errors = new ArrayList<>();
        for (Error e : schema.validate(object)) {
            errors.add(kind + " " + object.path("metadata").path("name").asText() + ": " + e);
        }
        return errors;
    }

    private static Schema kubernetes(String apiVersion, String kind) {
        JsonNode defs = kubernetesDefinitions();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        for (Map.Entry<String, JsonNode> d : defs.properties()) {
            for (JsonNode gvk : d.getValue().path("x-kubernetes-group-version-kind")) {
                if (gvk.path("group").asText().equals(group) && gvk.path("version").asText().equals(version)
                        && gvk.path("kind").asText().equals(kind)) {
                    ObjectNode root = JSON.createObjectNode();
                    root.set("definitions", defs);
                    root.putArray("allOf").addObject().put("$ref", "#/definitions/" + d.getKey());
                    return REGISTRY.getSchema(root);
                }
            }
        }
        throw new IllegalStateException("Kubernetes 1.35.0 has no " + apiVersion + " " + kind);
    }

    private static synchronized JsonNode kubernetesDefinitions() {
        if (kubernetesDefinitions == null) {
            try {
                JsonNode swagger = JSON.readTree(dir().resolve("kubernetes-1.35.0.json").toFile());
                JsonNode defs = swagger.get("definitions").deepCopy();
                defs.elements().forEachRemaining(K8sSchemas::strict);
                kubernetesDefinitions = defs;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return kubernetesDefinitions;
    }

    private static Schema crd(String apiVersion, String kind) {
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        try (Stream<Path> files = Files.list(dir())) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("sparkoperator.k8s.io_")).toList()) {
                JsonNode crd = documents(f).get(0);
                if (!crd.path("spec").path("names").path("kind").asText().equals(kind)) {
                    continue;
                }
                for (JsonNode v : crd.path("spec").path("versions")) {
                    if (v.path("name").asText().equals(version)) {
                        return REGISTRY.getSchema(strict(v.path("schema").path("openAPIV3Schema").deepCopy()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no CRD for " + apiVersion + " " + kind + " in " + dir());
    }

    /** Closes every object schema that lists its properties, in place, following the schema keywords only. */
    static JsonNode strict(JsonNode schema) {
        if (!(schema instanceof ObjectNode o)) {
            return schema;
        }
        if (o.path("properties").isObject() && !o.has("additionalProperties")
                && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            o.put("additionalProperties", false);
        }
        for (String map : List.of("properties", "definitions", "patternProperties")) {
            o.path(map).elements().forEachRemaining(K8sSchemas::strict);
        }
        for (String one : List.of("items", "additionalProperties", "not")) {
            strict(o.path(one));
        }
        for (String many : List.of("allOf", "anyOf", "oneOf")) {
            o.path(many).elements().forEachRemaining(K8sSchemas::strict);
        }
        return o;
    }
}
