package org.xnornet.notebook;

import com.vladsch.flexmark.ast.FencedCodeBlock;
import com.vladsch.flexmark.ast.HtmlBlock;
import com.vladsch.flexmark.ast.HtmlInline;
import com.vladsch.flexmark.ast.Link;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.data.MutableDataSet;
import java.util.List;

/**
 * A {@code %md} paragraph parsed by flexmark as Zeppelin 0.12.1's Markdown interpreter parses it (tables on). Raw
 * HTML fails, because Zeppelin escapes it and would show the tags; so do a fenced code block left open (it swallows
 * the rest of the paragraph), an empty link target, and a paragraph with no text.
 */
final class MarkdownCheck {
    private static final Parser PARSER = Parser.builder(new MutableDataSet()
            .set(Parser.EXTENSIONS, List.of(TablesExtension.create()))).build();

    private MarkdownCheck() {
    }

    /** Throws {@link AssertionError} starting with {@code where} if {@code markdown} is not clean Markdown. */
    static void check(String markdown, String where) {
        Node doc = PARSER.parse(markdown);
        if (!doc.hasChildren() || markdown.isBlank()) {
            throw new AssertionError(where + ": empty Markdown paragraph");
        }
        for (Node n : doc.getDescendants()) {
            if (n instanceof HtmlBlock || n instanceof HtmlInline) {
                throw new AssertionError(where + ": raw HTML " + n.getChars().toString().strip()
                        + " (Zeppelin escapes HTML in %md; use Markdown)");
            }
            if (n instanceof FencedCodeBlock c && c.getClosingMarker().isEmpty()) {
                throw new AssertionError(where + ": a code fence opened at line " + (c.getLineNumber() + 1)
                        + " is never closed");
            }
            if (n instanceof Link l && l.getUrl().isBlank()) {
                throw new AssertionError(where + ": link " + l.getText() + " has no target");
            }
        }
    }
}
