package org.xnornet.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The note checks without Spark: the committed notes pass, and each kind of breakage is caught and named. */
class ZeppelinNoteTest {
    private static final Path QUICKSTART = Path.of("notebooks/xnornet-1-quickstart_2XNB1QKST.zpln");

    @TempDir
    Path tmp;

    @Test
    void theCommittedNotesAreZeppelinNotes() throws Exception {
        var notes = ZeppelinNotesIT.notes();
        assertEquals(4, notes.size());
        for (ZeppelinNote n : notes) {
            for (ZeppelinNote.Paragraph p : n.paragraphs()) {
                if (p.interpreter().equals("%md")) {
                    MarkdownCheck.check(p.body(), n.name() + " " + p.index());
                }
            }
        }
    }

    @Test
    void brokenNotesAreRefusedNamingTheFault() throws Exception {
        refused(n -> n.put("paragraph", "x"), "$.paragraph must be a key Zeppelin 0.12 reads");
        refused(n -> n.put("id", "2XNB1QKS0"), "$.id must be nine characters");
        refused(n -> n.put("defaultInterpreterGroup", "python"), "$.defaultInterpreterGroup must be spark");
        refused(n -> para(n).put("text", "%python\nprint(1)"), "$.paragraphs[0].text must be to start with one of");
        refused(n -> para(n).put("dateCreated", "2026-12-01T18:00:00Z"), "$.paragraphs[0].dateCreated must be a date");
        refused(n -> para(n).put("status", "DONE"), "$.paragraphs[0].status must be one of");
        refused(n -> para(n).remove("settings"), "$.paragraphs[0].settings must be {params: {}, forms: {}}");
    }

    @Test
    void markdownThatZeppelinWouldShowBrokenIsRefused() {
        MarkdownCheck.check("## Title\nSome *text* and a [link](https://spark.apache.org).\n\n| a | b |\n|---|---|\n", "ok");
        assertTrue(assertThrows(AssertionError.class, () -> MarkdownCheck.check("<b>bold</b> text", "p"))
                .getMessage().contains("raw HTML"));
        assertTrue(assertThrows(AssertionError.class, () -> MarkdownCheck.check("text\n```scala\nval x = 1\n", "p"))
                .getMessage().contains("never closed"));
        assertTrue(assertThrows(AssertionError.class, () -> MarkdownCheck.check("see [here]()", "p"))
                .getMessage().contains("no target"));
    }

    private static ObjectNode para(ObjectNode note) {
        return (ObjectNode) note.get("paragraphs").get(0);
    }

    private void refused(Consumer<ObjectNode> breakIt, String expected) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode note = (ObjectNode) json.readTree(QUICKSTART.toFile());
        breakIt.accept(note);
        Path f = tmp.resolve(QUICKSTART.getFileName());
        Files.writeString(f, json.writeValueAsString(note));
        AssertionError e = assertThrows(AssertionError.class, () -> ZeppelinNote.read(f));
        assertTrue(e.getMessage().startsWith(f.getFileName() + ": ") && e.getMessage().contains(expected),
                e.getMessage());
    }
}
