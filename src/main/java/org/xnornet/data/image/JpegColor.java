package org.xnornet.data.image;

import java.awt.image.Raster;

/**
 * Colour conversion of the raw components that {@code ImageReader.readRaster} returns for a JPEG (the
 * reader converts nothing there). Four-component files follow Adobe's convention, which libjpeg and
 * ImageMagick also assume: CMYK is stored inverted (255 = no ink), and YCCK is that inverted CMYK with
 * its first three components put through RGB-to-YCbCr as {@code 255 - value}. So YCCK decodes to ink
 * amounts C, M, Y by plain YCbCr-to-RGB, and both end as {@code R = (255 - C)(255 - K) / 255} on ink
 * amounts. A three-component file is YCbCr unless {@link JpegHeader#storesRgb()} says otherwise.
 */
final class JpegColor {
    private JpegColor() {
    }

    static DecodedImage toImage(Raster raster, JpegHeader header) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = raster.getNumBands();
        int out = bands == 1 ? 1 : 3;
        byte[] px = new byte[w * h * out];
        int[] row = new int[w * bands];
        int[] rgb = new int[3];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            int o = y * w * out;
            for (int x = 0; x < w; x++) {
                int i = x * bands;
                if (bands == 1) {
                    px[o++] = (byte) row[i];
                    continue;
                }
                if (bands == 3 && header.storesRgb()) {
                    rgb[0] = row[i];
                    rgb[1] = row[i + 1];
                    rgb[2] = row[i + 2];
                } else if (bands == 3) {
                    yccToRgb(row[i], row[i + 1], row[i + 2], rgb);
                } else {
                    cmykToRgb(row, i, header.adobeTransform() == 2, rgb);
                }
                px[o++] = (byte) rgb[0];
                px[o++] = (byte) rgb[1];
                px[o++] = (byte) rgb[2];
            }
        }
        return new DecodedImage(w, h, out, px);
    }

    /** JFIF (full-range BT.601) YCbCr to RGB, rounded and clamped to 0..255. */
    static void yccToRgb(int luma, int cb, int cr, int[] rgb) {
        float b = cb - 128f;
        float r = cr - 128f;
        rgb[0] = clamp(luma + 1.402f * r);
        rgb[1] = clamp(luma - 0.344136f * b - 0.714136f * r);
        rgb[2] = clamp(luma + 1.772f * b);
    }

    private static void cmykToRgb(int[] row, int i, boolean ycck, int[] rgb) {
        if (ycck) {
            yccToRgb(row[i], row[i + 1], row[i + 2], rgb);
            rgb[0] = 255 - rgb[0];
            rgb[1] = 255 - rgb[1];
            rgb[2] = 255 - rgb[2];
        } else {
            rgb[0] = row[i];
            rgb[1] = row[i + 1];
            rgb[2] = row[i + 2];
        }
        int k = row[i + 3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = (rgb[c] * k + 127) / 255;
        }
    }

    private static int clamp(float v) {
        int i = (int) (v + 0.5f);
        return i < 0 ? 0 : Math.min(255, i);
    }
}
