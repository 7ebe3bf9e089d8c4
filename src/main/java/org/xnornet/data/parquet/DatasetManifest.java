package org.xnornet.data.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code manifest.json} at a dataset's root (docs/DATA.md): the classes in label order, image counts per split,
 * the schema version, how the dataset was made, and the bad source files the converter skipped. The converter
 * writes it last, inside the temporary directory that is renamed into place, so a dataset with a manifest
 * is complete.
 */
public record DatasetManifest(int schemaVersion, List<String> classes, List<String> classNames,
        Map<String, Split> splits, String createdBy, String createdAt, Map<String, String> options,
        List<BadFile> badFiles) implements java.io.Serializable {

    public static final String FILE_NAME = "manifest.json";
    public static final String FORMAT = "xnornet-image-parquet";
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Images, files and skipped bad sources of one split. */
    public record Split(long images, int files, long bad) implements java.io.Serializable {
    }

    /** A source file the converter could not use, and why. */
    public record BadFile(String split, String path, String reason) implements java.io.Serializable {
    }

    public ClassList classList() {
        return new ClassList(classes);
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("schema_version", schemaVersion);
        root.set("classes", strings(classes));
        if (classNames != null) {
            root.set("class_names", strings(classNames));
        }
        ObjectNode s = root.putObject("splits");
        splits.forEach((name, split) -> s.putObject(name).put("images", split.images()).put("files", split.files())
                .put("bad", split.bad()));
        root.put("created_by", createdBy);
        root.put("created_at", createdAt);
        ObjectNode o = root.putObject("options");
        options.forEach(o::put);
        ArrayNode bad = root.putArray("bad_files");
        badFiles.forEach(b -> bad.addObject().put("split", b.split()).put("path", b.path()).put("reason", b.reason()));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("manifest could not be written as JSON", e);
        }
    }

    /** Reads and parses the manifest file {@code p}. */
    public static DatasetManifest read(org.apache.hadoop.fs.FileSystem fs, org.apache.hadoop.fs.Path p)
            throws IOException {
        try (java.io.InputStream in = fs.open(p)) {
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), p.toString());
        }
    }

    /** Parses a manifest; {@code source} names the file in errors, which also name the key at fault. */
    public static DatasetManifest parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new ImageDataException(source + " is not valid JSON: " + e.getMessage());
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new ImageDataException(source + ": key 'format' must be '" + FORMAT + "', was "
                    + root.path("format"));
        }
        int version = root.path("schema_version").asInt(-1);
        if (version != SCHEMA_VERSION) {
            throw new ImageDataException(source + ": key 'schema_version' is " + root.path("schema_version")
                    + "; this build reads version " + SCHEMA_VERSION);
        }
        List<String> classes = strings(root, "classes", source);
        Set<String> distinct = new HashSet<>();
        for (String c : classes) {
            if (!distinct.add(c)) {
                throw new ImageDataException(source + ": key 'classes' lists '" + c + "' twice");
            }
        }
        List<String> names = root.has("class_names") ? strings(root, "class_names", source) : null;
        if (names != null && names.size() != classes.size()) {
            throw new ImageDataException(source + ": key 'class_names' has " + names.size() + " entries but 'classes' has "
                    + classes.size());
        }
        Map<String, Split> splits = new LinkedHashMap<>();
        root.path("splits").fields().forEachRemaining(e -> splits.put(e.getKey(), new Split(
                e.getValue().path("images").asLong(), e.getValue().path("files").asInt(), e.getValue().path("bad").asLong())));
        if (splits.isEmpty()) {
            throw new ImageDataException(source + ": key 'splits' is missing or empty");
        }
        Map<String, String> options = new LinkedHashMap<>();
        root.path("options").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
        List<BadFile> bad = new ArrayList<>();
        root.path("bad_files").forEach(b -> bad.add(new BadFile(b.path("split").asText(), b.path("path").asText(),
                b.path("reason").asText())));
        return new DatasetManifest(version, classes, names, splits, root.path("created_by").asText(),
                root.path("created_at").asText(), options, bad);
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    private static List<String> strings(JsonNode root, String key, String source) {
        JsonNode a = root.path(key);
        if (!a.isArray() || a.isEmpty()) {
            throw new ImageDataException(source + ": key '" + key + "' must be a non-empty array of strings");
        }
        List<String> out = new ArrayList<>();
        a.forEach(v -> out.add(v.asText()));
        return out;
    }
}
