package org.xnornet.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A Zeppelin note file ({@code <name>_<id>.zpln}) read and checked against what Zeppelin 0.12.1 reads: its
 * {@code Note} and {@code Paragraph} fields (Gson, dates as {@code yyyy-MM-dd HH:mm:ss.SSS}), a note id of nine
 * characters of Zeppelin's id alphabet matching the file name, the Spark interpreter group, and paragraphs whose
 * text starts with one of the interpreters our notes use. Any other key, type or value is a failure naming the file
 * and the JSON path.
 */
record ZeppelinNote(Path file, String name, String id, List<Paragraph> paragraphs) {
    static final Set<String> NOTE_KEYS = Set.of("paragraphs", "name", "id", "defaultInterpreterGroup", "version",
            "noteParams", "noteForms", "angularObjects", "config", "info", "path");
    static final Set<String> PARAGRAPH_KEYS = Set.of("title", "text", "user", "dateUpdated", "progress", "config",
            "settings", "results", "apps", "runtimeInfos", "progressUpdateIntervalMs", "jobName", "id", "dateCreated",
            "dateStarted", "dateFinished", "status", "errorMessage");
    static final Set<String> STATUSES = Set.of("READY", "PENDING", "RUNNING", "FINISHED", "ERROR", "ABORT");
    static final List<String> INTERPRETERS = List.of("%spark.sql", "%spark", "%md");
    private static final String ID_ALPHABET = "[1-9A-HJKMNP-Z]{9}";

    /** One paragraph: its interpreter ({@code %spark}, {@code %spark.sql} or {@code %md}), title and body. */
    record Paragraph(int index, String interpreter, String title, String body) {
    }

    /** Reads and checks {@code file}; throws {@link AssertionError} naming the file and the fault. */
    static ZeppelinNote read(Path file) throws IOException {
        JsonNode n = new ObjectMapper().readTree(file.toFile());
        String f = file.getFileName().toString();
        require(n.isObject(), f, "$", "a JSON object");
        onlyKeys(n, NOTE_KEYS, f, "$");
        String id = text(n, "id", f, "$");
        require(id.matches(ID_ALPHABET), f, "$.id", "nine characters of Zeppelin's id alphabet, got " + id);
        String name = text(n, "name", f, "$");
        require(f.equals(name + "_" + id + ".zpln"), f, "$.name", "the file name <name>_<id>.zpln");
        require("spark".equals(text(n, "defaultInterpreterGroup", f, "$")), f, "$.defaultInterpreterGroup", "spark");
        text(n, "version", f, "$");
        for (String map : List.of("noteParams", "noteForms", "angularObjects", "config", "info")) {
            require(n.path(map).isObject(), f, "$." + map, "an object");
        }
        require(n.path("config").path("isZeppelinNotebookCronEnable").isBoolean(), f,
                "$.config.isZeppelinNotebookCronEnable", "a boolean");
        JsonNode ps = n.path("paragraphs");
        require(ps.isArray() && ps.size() > 0, f, "$.paragraphs", "a non-empty array");
        List<Paragraph> out = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            out.add(paragraph(ps.get(i), i, f, "$.paragraphs[" + i + "]"));
        }
        return new ZeppelinNote(file, name, id, out);
    }

    private static Paragraph paragraph(JsonNode p, int i, String f, String at) {
        require(p.isObject(), f, at, "an object");
        onlyKeys(p, PARAGRAPH_KEYS, f, at);
        String text = text(p, "text", f, at);
        String id = text(p, "id", f, at);
        require(!id.isBlank(), f, at + ".id", "a paragraph id");
        require(STATUSES.contains(text(p, "status", f, at)), f, at + ".status", "one of " + STATUSES);
        for (String date : List.of("dateCreated", "dateUpdated", "dateStarted", "dateFinished")) {
            if (p.has(date)) {
                date(text(p, date, f, at), f, at + "." + date);
            }
        }
        require(p.path("config").isObject(), f, at + ".config", "an object");
        require(p.path("settings").path("params").isObject() && p.path("settings").path("forms").isObject(), f,
                at + ".settings", "{params: {}, forms: {}}");
        require(!p.has("apps") || p.path("apps").isArray(), f, at + ".apps", "an array");
        require(!p.has("progress") || p.path("progress").isInt(), f, at + ".progress", "an integer");
        String interpreter = INTERPRETERS.stream().filter(t -> text.equals(t) || text.startsWith(t + "\n")
                || text.startsWith(t + " ")).findFirst().orElse(null);
        require(interpreter != null, f, at + ".text", "to start with one of " + INTERPRETERS);
        String title = p.has("title") ? text(p, "title", f, at) : "";
        return new Paragraph(i, interpreter, title, text.substring(interpreter.length()).strip());
    }

    private static void onlyKeys(JsonNode n, Set<String> known, String f, String at) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            require(known.contains(k), f, at + "." + k, "a key Zeppelin 0.12 reads " + known);
        }
    }

    private static String text(JsonNode n, String key, String f, String at) {
        require(n.path(key).isTextual(), f, at + "." + key, "a string");
        return n.path(key).asText();
    }

    private static void date(String s, String f, String at) {
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss.SSS");
        format.setLenient(false);
        try {
            format.parse(s);
        } catch (ParseException e) {
            throw new AssertionError(f + ": " + at + " must be a date yyyy-MM-dd HH:mm:ss.SSS, got " + s);
        }
    }

    private static void require(boolean ok, String f, String at, String expected) {
        if (!ok) {
            throw new AssertionError(f + ": " + at + " must be " + expected);
        }
    }
}
