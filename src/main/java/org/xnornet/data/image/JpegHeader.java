package org.xnornet.data.image;

/**
 * The facts about a JPEG that decide its colour conversion, read from the markers before the first scan:
 * number of components, their ids, and the Adobe APP14 transform flag (0 = RGB or CMYK stored as is,
 * 1 = YCbCr, 2 = YCCK), or {@link #NO_ADOBE} when there is no Adobe marker.
 */
record JpegHeader(int components, int[] componentIds, int adobeTransform) {
    static final int NO_ADOBE = -1;

    private static final int SOS = 0xDA;
    private static final int APP14 = 0xEE;

    /** Walks the marker segments from SOI to SOS; fails if the bytes end before the first scan. */
    static JpegHeader scan(byte[] b, String source) throws BadImageException {
        int components = 0;
        int[] ids = new int[0];
        int adobe = NO_ADOBE;
        int p = 2;
        while (true) {
            if (p >= b.length) {
                throw new BadImageException(source, "truncated JPEG (ends inside the headers, before any image data)");
            }
            if ((b[p] & 0xff) != 0xFF) {
                throw new BadImageException(source, "corrupt JPEG (no marker at byte " + p + ")");
            }
            while (p < b.length && (b[p] & 0xff) == 0xFF) {
                p++;
            }
            if (p >= b.length) {
                continue;
            }
            int marker = b[p++] & 0xff;
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            if (p + 2 > b.length) {
                p = b.length;
                continue;
            }
            int length = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
            if (length < 2) {
                throw new BadImageException(source, "corrupt JPEG (marker 0x" + Integer.toHexString(marker)
                        + " has length " + length + ")");
            }
            if (marker == SOS) {
                if (components == 0) {
                    throw new BadImageException(source, "corrupt JPEG (scan before any frame header)");
                }
                return new JpegHeader(components, ids, adobe);
            }
            int body = p + 2;
            if (p + length > b.length) {
                p = b.length;
                continue;
            }
            if (isStartOfFrame(marker) && length >= 8) {
                components = b[body + 5] & 0xff;
                ids = new int[components];
                for (int i = 0; i < components && body + 6 + 3 * i < p + length; i++) {
                    ids[i] = b[body + 6 + 3 * i] & 0xff;
                }
            } else if (marker == APP14 && length >= 14 && isAdobe(b, body)) {
                adobe = b[body + 11] & 0xff;
            }
            p += length;
        }
    }

    /** A JPEG whose three components are stored as R, G, B rather than YCbCr (Adobe flag 0 or ids 'R','G','B'). */
    boolean storesRgb() {
        if (adobeTransform != NO_ADOBE) {
            return adobeTransform == 0;
        }
        return components == 3 && componentIds[0] == 'R' && componentIds[1] == 'G' && componentIds[2] == 'B';
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean isAdobe(byte[] b, int at) {
        return b[at] == 'A' && b[at + 1] == 'd' && b[at + 2] == 'o' && b[at + 3] == 'b' && b[at + 4] == 'e';
    }
}
