package org.xnornet.data.image;

import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Collects the first ImageIO warning of one read. The JPEG reader reports a truncated or damaged scan only
 * as a warning ("Truncated File - Missing EOI marker", "Premature end of JPEG file", "Corrupt JPEG data:
 * ...") and fills the rest with grey, so a warning about pixel data means the file is bad. Warnings
 * about metadata the decoder does not use (an invalid embedded colour profile, markers inside a
 * thumbnail) leave the pixels intact and are ignored.
 */
final class Warnings implements IIOReadWarningListener {
    private String first;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
        String w = warning == null ? "unspecified warning" : warning;
        boolean metadataOnly = w.contains("color profile") || w.contains("thumbnail");
        if (first == null && !metadataOnly) {
            first = w;
        }
    }

    void check(String source, String format) throws BadImageException {
        if (first == null) {
            return;
        }
        boolean truncated = first.contains("Premature end") || first.contains("Truncated");
        throw new BadImageException(source, truncated ? "truncated " + format + " (premature end of data)"
                : "corrupt " + format + " (" + first + ")");
    }
}
