package org.xnornet.data.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Copies whatever {@code BufferedImage} a reader produced into a {@link DecodedImage}: grey stays one
 * channel, everything else becomes RGB. Alpha is dropped (as PIL's {@code convert("RGB")} does), samples
 * wider than 8 bits keep their high byte, and an embedded colour profile is ignored (the decoded values
 * are taken as sRGB, again as PIL does), which also keeps decoding fast.
 */
final class Pixels {
    private Pixels() {
    }

    static DecodedImage of(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel icm) {
            return fromPalette(raster, icm);
        }
        int colours = cm.getNumColorComponents();
        boolean grey = colours == 1 && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        if (!grey && colours != 3) {
            return viaRgb(image);
        }
        int out = grey ? 1 : 3;
        if (isPlainBytes(raster)) {
            return fromBytes(raster, out);
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] px = new byte[w * h * out];
        int[] row = new int[w];
        for (int c = 0; c < out; c++) {
            int bits = cm.getComponentSize(c);
            for (int y = 0; y < h; y++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, c, row);
                for (int x = 0, o = y * w * out + c; x < w; x++, o += out) {
                    px[o] = (byte) to8Bits(row[x], bits);
                }
            }
        }
        return new DecodedImage(w, h, out, px);
    }

    private static boolean isPlainBytes(Raster raster) {
        return raster.getDataBuffer() instanceof DataBufferByte buffer && buffer.getNumBanks() == 1
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0;
    }

    private static DecodedImage fromBytes(Raster raster, int out) {
        PixelInterleavedSampleModel sm = (PixelInterleavedSampleModel) raster.getSampleModel();
        byte[] src = ((DataBufferByte) raster.getDataBuffer()).getData();
        int base = raster.getDataBuffer().getOffset();
        int[] offsets = sm.getBandOffsets();
        int stride = sm.getPixelStride();
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] px = new byte[w * h * out];
        for (int y = 0; y < h; y++) {
            int s = base + y * sm.getScanlineStride();
            int o = y * w * out;
            if (out == 1) {
                for (int x = 0; x < w; x++, s += stride) {
                    px[o++] = src[s + offsets[0]];
                }
            } else {
                int r = offsets[0];
                int g = offsets[1];
                int b = offsets[2];
                for (int x = 0; x < w; x++, s += stride) {
                    px[o++] = src[s + r];
                    px[o++] = src[s + g];
                    px[o++] = src[s + b];
                }
            }
        }
        return new DecodedImage(w, h, out, px);
    }

    private static DecodedImage fromPalette(Raster raster, IndexColorModel icm) {
        int size = icm.getMapSize();
        int[] argb = new int[size];
        icm.getRGBs(argb);
        boolean grey = true;
        for (int c : argb) {
            grey &= ((c >> 16) & 0xff) == (c & 0xff) && ((c >> 8) & 0xff) == (c & 0xff);
        }
        int out = grey ? 1 : 3;
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] px = new byte[w * h * out];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
            int o = y * w * out;
            for (int x = 0; x < w; x++) {
                int c = argb[Math.min(row[x], size - 1)];
                if (!grey) {
                    px[o++] = (byte) (c >> 16);
                    px[o++] = (byte) (c >> 8);
                }
                px[o++] = (byte) c;
            }
        }
        return new DecodedImage(w, h, out, px);
    }

    /** Any other colour model (e.g. a CMYK TIFF): let Java2D convert to sRGB. */
    private static DecodedImage viaRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] px = new byte[w * h * 3];
        for (int i = 0, o = 0; i < argb.length; i++) {
            px[o++] = (byte) (argb[i] >> 16);
            px[o++] = (byte) (argb[i] >> 8);
            px[o++] = (byte) argb[i];
        }
        return new DecodedImage(w, h, 3, px);
    }

    private static int to8Bits(int v, int bits) {
        if (bits == 8) {
            return v;
        }
        return bits > 8 ? v >>> (bits - 8) : v * 255 / ((1 << bits) - 1);
    }
}
