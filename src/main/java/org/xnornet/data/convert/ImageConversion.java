package org.xnornet.data.convert;

import java.io.Serializable;
import org.xnornet.data.image.BadImageException;
import org.xnornet.data.image.DecodedImage;
import org.xnornet.data.image.ImageDecoder;
import org.xnornet.data.image.ImageEncoder;
import org.xnornet.data.image.Resize;

/**
 * What a converter stores for one source image: every image is fully decoded first (so undecodable and
 * truncated files are caught at conversion, not in training); then either the original bytes are kept, or
 * the image is resized to a shorter side of {@code resizeShorter} and re-encoded as JPEG at {@code quality}.
 */
public record ImageConversion(int resizeShorter, float quality) implements Serializable {
    public ImageConversion {
        if (resizeShorter < 0) {
            throw new IllegalArgumentException("resize must be ≥ 0 (0 keeps the original size), was " + resizeShorter);
        }
        if (!(quality > 0 && quality <= 1)) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], was " + quality);
        }
    }

    /** The bytes to store for {@code bytes} read from {@code source}; fails naming the source when undecodable. */
    public byte[] convert(byte[] bytes, String source) throws BadImageException {
        DecodedImage image = ImageDecoder.decode(bytes, source);
        if (resizeShorter == 0) {
            return bytes;
        }
        return ImageEncoder.jpeg(Resize.shorterSide(image, resizeShorter), quality);
    }
}
